package dev.mailserver.delivery;

/** Told of what a delivery on arrival stored, for a server's metrics: the queue, which counts the rest, never sees it. */
public interface ArrivalCounts {
    ArrivalCounts NONE = new ArrivalCounts() {
        @Override
        public void receivedWithoutQueueing() {
        }

        @Override
        public void deliveredOnArrival() {
        }
    };

    /** A message was delivered to all its recipients and never queued. */
    void receivedWithoutQueueing();

    /** One recipient's copy was stored on arrival. */
    void deliveredOnArrival();
}
