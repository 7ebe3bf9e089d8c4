package org.xnornet.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A run's {@link TrainJobPlan} broadcast once, as Java-serialized bytes, instead of travelling in every task's
 * closure: each executor JVM deserializes it once (its Hadoop configuration, file and row-group lists) and keeps it
 * until the run is released, so an iteration's tasks carry only this handle.
 */
final class SharedPlan implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, TrainJobPlan> PLANS = new ConcurrentHashMap<>();

    private final String id;
    private final Broadcast<byte[]> bytes;

    private SharedPlan(String id, Broadcast<byte[]> bytes) {
        this.id = id;
        this.bytes = bytes;
    }

    static SharedPlan broadcast(JavaSparkContext jsc, TrainJobPlan plan) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(plan);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the run plan", e);
        }
        return new SharedPlan(plan.id(), jsc.broadcast(buffer.toByteArray()));
    }

    /** The plan, deserialized once per JVM. */
    TrainJobPlan get() {
        return PLANS.computeIfAbsent(id, k -> {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.value()))) {
                return (TrainJobPlan) in.readObject();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the run plan " + id, e);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("run plan " + id + " needs a class this executor lacks", e);
            }
        });
    }

    /** Forgets the run's plan in this JVM and removes its broadcast. */
    void release() {
        PLANS.remove(id);
        bytes.destroy();
    }

}
