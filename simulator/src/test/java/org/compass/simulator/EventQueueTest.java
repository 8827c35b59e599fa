package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run's clock alone: time order, push order within an instant, and the current instant's FIFO last. */
class EventQueueTest {

    private static List<String> drain(EventQueue q) {
        List<String> out = new ArrayList<>();
        for (int s = q.next(); s >= 0; s = q.next()) {
            out.add(s + "@" + q.now());
        }
        return out;
    }

    @Test
    void streamsStepInTimeOrderAndInPushOrderAtOneInstant() {
        EventQueue q = new EventQueue();
        q.push(3.0, 1);
        q.push(1.0, 2);
        q.push(3.0, 3);
        q.push(2.0, 4);
        q.push(1.0, 5);
        assertEquals(List.of("2@1.0", "5@1.0", "4@2.0", "1@3.0", "3@3.0"), drain(q));
    }

    @Test
    void aWakeUpAtTheCurrentInstantComesAfterThoseAlreadyDueThen() {
        EventQueue q = new EventQueue();
        q.push(1.0, 7);
        q.push(1.0, 8);
        assertEquals(7, q.next());
        assertEquals(1.0, q.now());
        q.push(1.0, 9); // now: to the FIFO, behind 8 which the heap holds for this instant
        q.push(5.0, 10);
        assertEquals(List.of("8@1.0", "9@1.0", "10@5.0"), drain(q));
    }

    @Test
    void manyWakeUpsGrowTheHeapAndKeepTheirOrder() {
        EventQueue q = new EventQueue();
        for (int s = 0; s < 1000; s++) {
            q.push(1000 - s, s);
        }
        int last = 1000;
        for (int s = q.next(); s >= 0; s = q.next()) {
            assertEquals(last - 1, s);
            last = s;
        }
        assertEquals(0, last);
    }
}
