package io.photosync.k8s;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
        return permits(from, to, port, "Egress") && permits(to, from, port, "Ingress");
    }

    /** Whether the target's own ingress policies let the source in, whatever the source's egress says. */
    boolean admits(Pod target, Pod source, int port) {
        return permits(target, source, port, "Ingress");
    }

    private record Rule(List<NetworkPolicyPort> ports, List<NetworkPolicyPeer> peers) {}

    /** Whether the policies selecting {@code subject} let it talk with {@code peer} in that direction. */
    private boolean permits(Pod subject, Pod peer, int port, String direction) {
        if (!subject.namespace().equals(namespace)) {
            return true;
        }
        List<NetworkPolicy> isolating = policies.stream()
                .filter(policy -> policy.getSpec().getPolicyTypes().contains(direction))
                .filter(policy -> selects(policy.getSpec().getPodSelector(), subject.labels()))
                .toList();
        return isolating.isEmpty()
                || isolating.stream()
                        .flatMap(policy -> rules(policy, direction).stream())
                        .anyMatch(rule -> portsMatch(rule.ports(), port) && peersMatch(rule.peers(), peer));
    }

    private static List<Rule> rules(NetworkPolicy policy, String direction) {
        return direction.equals("Ingress")
                ? Objects.requireNonNullElse(policy.getSpec().getIngress(), List.<NetworkPolicyIngressRule>of())
                        .stream()
                        .map(r -> new Rule(r.getPorts(), r.getFrom()))
                        .toList()
                : Objects.requireNonNullElse(policy.getSpec().getEgress(), List.<NetworkPolicyEgressRule>of()).stream()
                        .map(r -> new Rule(r.getPorts(), r.getTo()))
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
