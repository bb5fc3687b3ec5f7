package io.photosync.k8s;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import java.util.List;
import java.util.Map;

/**
 * Whether one pod may open a TCP connection to another under a namespace's NetworkPolicies, with
 * the Kubernetes semantics: a pod selected by a policy of a direction is isolated in it, and then
 * needs a rule of one of those policies that matches the peer and the port; the source's egress
 * and the target's ingress must both allow. An ipBlock peer is taken to match every address
 * (the strict reading for a test that asks "is anything else let in?").
 */
final class Connectivity {
    record Pod(String name, String namespace, Map<String, String> labels) {
        Map<String, String> namespaceLabels() {
            return Map.of("kubernetes.io/metadata.name", namespace);
        }
    }

    private final String namespace;
    private final List<NetworkPolicy> policies;

    Connectivity(String namespace, List<NetworkPolicy> policies) {
        this.namespace = namespace;
        this.policies = policies;
    }

    boolean allowed(Pod from, Pod to, int port) {
        return egressAllows(from, to, port) && ingressAllows(to, from, port);
    }

    /** Whether the target's own ingress policies let the source in, whatever the source's egress says. */
    boolean admits(Pod target, Pod source, int port) {
        return ingressAllows(target, source, port);
    }

    private boolean ingressAllows(Pod target, Pod source, int port) {
        if (!target.namespace().equals(namespace)) {
            return true;
        }
        List<NetworkPolicy> isolating = isolating(target, "Ingress");
        return isolating.isEmpty() || isolating.stream()
                .filter(policy -> policy.getSpec().getIngress() != null)
                .flatMap(policy -> policy.getSpec().getIngress().stream())
                .anyMatch(rule -> portsMatch(rule.getPorts(), port) && peersMatch(rule.getFrom(), source));
    }

    private boolean egressAllows(Pod source, Pod target, int port) {
        if (!source.namespace().equals(namespace)) {
            return true;
        }
        List<NetworkPolicy> isolating = isolating(source, "Egress");
        return isolating.isEmpty() || isolating.stream()
                .filter(policy -> policy.getSpec().getEgress() != null)
                .flatMap(policy -> policy.getSpec().getEgress().stream())
                .anyMatch(rule -> portsMatch(rule.getPorts(), port) && peersMatch(rule.getTo(), target));
    }

    private List<NetworkPolicy> isolating(Pod pod, String direction) {
        return policies.stream()
                .filter(policy -> policy.getSpec().getPolicyTypes().contains(direction))
                .filter(policy -> selects(policy.getSpec().getPodSelector(), pod.labels()))
                .toList();
    }

    private boolean peersMatch(List<NetworkPolicyPeer> peers, Pod pod) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        return peers.stream().anyMatch(peer -> {
            if (peer.getIpBlock() != null) {
                return true;
            }
            boolean namespaceMatches = peer.getNamespaceSelector() == null
                    ? pod.namespace().equals(namespace)
                    : selects(peer.getNamespaceSelector(), pod.namespaceLabels());
            boolean podMatches = peer.getPodSelector() == null || selects(peer.getPodSelector(), pod.labels());
            return namespaceMatches && podMatches;
        });
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, int port) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        return ports.stream().anyMatch(p -> {
            if (p.getProtocol() != null && !p.getProtocol().equals("TCP")) {
                return false;
            }
            if (p.getPort() == null) {
                return true;
            }
            if (p.getPort().getIntVal() == null) {
                throw new AssertionError("named port " + p.getPort().getStrVal() + " in a NetworkPolicy: use numbers");
            }
            int first = p.getPort().getIntVal();
            int last = p.getEndPort() == null ? first : p.getEndPort();
            return port >= first && port <= last;
        });
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null
                && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = labels.get(requirement.getKey());
                boolean ok = switch (requirement.getOperator()) {
                    case "In" -> value != null && requirement.getValues().contains(value);
                    case "NotIn" -> value == null || !requirement.getValues().contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new AssertionError("unknown selector operator " + requirement.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
