package io.photosync.k8s;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.ArrayList;
import java.util.List;

/** A pod template of an overlay, whatever owns it. */
record Workload(String kind, String name, PodTemplateSpec template) {
    static List<Workload> of(Overlay overlay) {
        List<Workload> workloads = new ArrayList<>();
        overlay.all(Deployment.class)
                .forEach(d -> workloads.add(new Workload(
                        "Deployment", d.getMetadata().getName(), d.getSpec().getTemplate())));
        overlay.all(StatefulSet.class)
                .forEach(s -> workloads.add(new Workload(
                        "StatefulSet", s.getMetadata().getName(), s.getSpec().getTemplate())));
        overlay.all(CronJob.class)
                .forEach(c -> workloads.add(new Workload(
                        "CronJob",
                        c.getMetadata().getName(),
                        c.getSpec().getJobTemplate().getSpec().getTemplate())));
        return workloads;
    }

    @Override
    public String toString() {
        return kind + " " + name;
    }
}
