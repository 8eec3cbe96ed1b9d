package io.github.wxminiauth.wechat.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.EofSensorWatcher;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BoundedReplyReader}: a reply is read whole, or refused once it is too large
 * or too slow, without draining the rest.
 */
class BoundedReplyReaderTests {

	private final AtomicLong now = new AtomicLong(1_000);

	@Test
	void readsTheWholeReplyAsUtf8Text() throws IOException {
		String text = "{\"errmsg\":\"系统繁忙\"}";
		BoundedReplyReader reader = new BoundedReplyReader(1024, this.now::get);

		assertThat(reader.read(stream(text), Long.MAX_VALUE)).isEqualTo(text);
	}

	@Test
	void aReplyOfExactlyTheLimitIsRead() throws IOException {
		BoundedReplyReader reader = new BoundedReplyReader(10, this.now::get);

		assertThat(reader.read(stream("0123456789"), Long.MAX_VALUE)).isEqualTo("0123456789");
	}

	@Test
	void aReplyLargerThanTheLimitIsRefusedAndItsStreamClosed() {
		RecordingStream body = new RecordingStream("01234567890");
		BoundedReplyReader reader = new BoundedReplyReader(10, this.now::get);

		assertThatExceptionOfType(BoundedReplyReader.LimitExceededException.class)
			.isThrownBy(() -> reader.read(body, Long.MAX_VALUE))
			.withMessage("answered more than 10 bytes");
		assertThat(body.closed).isTrue();
	}

	@Test
	void theDefaultLimitIs64KiB() {
		byte[] large = new byte[BoundedReplyReader.MAX_REPLY_BYTES + 1];
		BoundedReplyReader reader = new BoundedReplyReader();

		assertThatExceptionOfType(BoundedReplyReader.LimitExceededException.class)
			.isThrownBy(() -> reader.read(new ByteArrayInputStream(large), Long.MAX_VALUE))
			.withMessage("answered more than 65536 bytes");
	}

	@Test
	void aReplyStillArrivingAfterTheDeadlineIsRefused() {
		// Every read takes 10 "nanoseconds"; the deadline passes after the second one.
		InputStream trickle = new InputStream() {

			private int left = 5;

			@Override
			public int read() {
				throw new UnsupportedOperationException();
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				BoundedReplyReaderTests.this.now.addAndGet(10);
				if (this.left-- == 0) {
					return -1;
				}
				buffer[offset] = 'x';
				return 1;
			}

		};
		BoundedReplyReader reader = new BoundedReplyReader(1024, this.now::get);

		assertThatExceptionOfType(BoundedReplyReader.LimitExceededException.class)
			.isThrownBy(() -> reader.read(trickle, 1_015))
			.withMessage("did not complete its reply within the read timeout");
		assertThat(this.now.get()).isEqualTo(1_020);
	}

	@Test
	void aRefusedPooledReplyAbortsTheConnectionRatherThanDrainingIt() {
		AtomicBoolean aborted = new AtomicBoolean();
		AtomicBoolean closed = new AtomicBoolean();
		EofSensorInputStream body = new EofSensorInputStream(stream("01234567890"), new EofSensorWatcher() {

			@Override
			public boolean eofDetected(InputStream wrapped) {
				return true;
			}

			@Override
			public boolean streamClosed(InputStream wrapped) {
				closed.set(true);
				return true;
			}

			@Override
			public boolean streamAbort(InputStream wrapped) {
				aborted.set(true);
				return true;
			}

		});
		BoundedReplyReader reader = new BoundedReplyReader(10, this.now::get);

		assertThatExceptionOfType(BoundedReplyReader.LimitExceededException.class)
			.isThrownBy(() -> reader.read(body, Long.MAX_VALUE));
		assertThat(aborted).isTrue();
		assertThat(closed).isFalse();
	}

	private static InputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

	private static final class RecordingStream extends ByteArrayInputStream {

		private boolean closed;

		RecordingStream(String text) {
			super(text.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

}
