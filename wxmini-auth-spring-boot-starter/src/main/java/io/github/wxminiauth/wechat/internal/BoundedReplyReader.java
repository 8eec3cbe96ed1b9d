package io.github.wxminiauth.wechat.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * Reads a reply body as UTF-8 text, bounded in size and in time: the socket's read timeout
 * applies per read, so a reply that trickles in a byte at a time would otherwise hold the caller
 * indefinitely. Time is measured on {@link System#nanoTime()}, not the configured clock, because
 * it bounds real waiting rather than expiry.
 */
final class BoundedReplyReader {

	/**
	 * Largest reply read; WeChat's replies are well under a kilobyte.
	 */
	static final int MAX_REPLY_BYTES = 64 * 1024;

	private final int maxBytes;

	private final LongSupplier nanoTime;

	BoundedReplyReader() {
		this(MAX_REPLY_BYTES, System::nanoTime);
	}

	BoundedReplyReader(int maxBytes, LongSupplier nanoTime) {
		this.maxBytes = maxBytes;
		this.nanoTime = nanoTime;
	}

	/**
	 * Reads the body to its end.
	 * @param body the body
	 * @param deadline the {@link System#nanoTime()} by which the last byte must have arrived
	 * @return the text
	 * @throws LimitExceededException when the body is too large or too slow; the connection is
	 * then dropped rather than drained
	 * @throws IOException when reading fails
	 */
	String read(InputStream body, long deadline) throws IOException {
		ByteArrayOutputStream reply = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		int read;
		while ((read = body.read(buffer)) != -1) {
			reply.write(buffer, 0, read);
			if (reply.size() > this.maxBytes) {
				abort(body);
				throw new LimitExceededException("answered more than " + this.maxBytes + " bytes");
			}
			if (this.nanoTime.getAsLong() - deadline > 0) {
				abort(body);
				throw new LimitExceededException("did not complete its reply within the read timeout");
			}
		}
		return reply.toString(StandardCharsets.UTF_8);
	}

	/**
	 * Drops the connection instead of letting the response's close drain the rest of a slow or
	 * oversized reply.
	 */
	private static void abort(InputStream body) throws IOException {
		if (body instanceof EofSensorInputStream sensor) {
			sensor.abort();
		}
		else {
			body.close();
		}
	}

	/**
	 * A reply was too large or too slow; the message says which, without any of the reply.
	 */
	static final class LimitExceededException extends RuntimeException {

		LimitExceededException(String message) {
			super(message, null, false, false);
		}

	}

}
