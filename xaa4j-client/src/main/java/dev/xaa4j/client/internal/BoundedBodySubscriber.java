package dev.xaa4j.client.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a bound; past the bound (or when {@code Content-Length} announces more) it cancels the
 * subscription, so nothing more is read, and fails with {@link BodyTooLargeException}. The reactive-streams contract
 * serializes the calls, so no locking is needed.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    /** The body is larger than the bound. */
    static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(long limit) {
            super("response body larger than " + limit + " bytes");
        }
    }

    private final int limit;
    private final boolean announcedTooLarge;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    private BoundedBodySubscriber(int limit, boolean announcedTooLarge) {
        this.limit = limit;
        this.announcedTooLarge = announcedTooLarge;
    }

    /** A body handler that checks {@code Content-Length} first, then counts bytes as they arrive. */
    static HttpResponse.BodyHandler<byte[]> handler(int limit) {
        return info -> new BoundedBodySubscriber(limit,
                info.headers().firstValueAsLong("content-length").orElse(-1) > limit);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (announcedTooLarge) {
            fail();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            if ((long) buffer.size() + item.remaining() > limit) {
                fail();
                return;
            }
            byte[] bytes = new byte[item.remaining()];
            item.get(bytes);
            buffer.write(bytes, 0, bytes.length);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(buffer.toByteArray());
    }

    private void fail() {
        subscription.cancel();
        result.completeExceptionally(new BodyTooLargeException(limit));
    }
}
