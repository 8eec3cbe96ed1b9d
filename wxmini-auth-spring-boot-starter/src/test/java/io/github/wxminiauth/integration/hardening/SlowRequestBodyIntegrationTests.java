package io.github.wxminiauth.integration.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow request bodies against a real Tomcat of the default size (200 request threads) with every
 * default of the starter, rate limits included: a body is read against an overall deadline
 * ({@code wxmini.endpoints.body-timeout}, 5 s by default), after which the request is answered 400
 * {@code invalid_request} and its thread is free, so that a trickling client can hold a thread
 * only that long.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=slow-body-test-secret-of-32-bytes!!" })
class SlowRequestBodyIntegrationTests {

	/** The default of {@code wxmini.endpoints.body-timeout}, which these tests do not change. */
	private static final Duration BODY_TIMEOUT = Duration.ofSeconds(5);

	/** Tomcat's default {@code maxThreads}, which these tests do not change either. */
	private static final int TOMCAT_THREADS = 200;

	/** Slack for a loaded machine; far below how long a trickle would last without the deadline. */
	private static final Duration SLACK = Duration.ofSeconds(10);

	static WeChatStub wechat;

	@Value("${local.server.port}")
	int port;

	private final List<Socket> connections = new ArrayList<>();

	@AfterEach
	void closeSockets() throws IOException {
		for (Socket socket : this.connections) {
			socket.close();
		}
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void bodyTrickledByteByByteIsAnsweredWith400InvalidRequestAtTheDeadline() throws Exception {
		wechat.reset();
		Connection slow = Connection.open(InetAddress.getLoopbackAddress(), this.port, this.connections);
		slow.send(head(4000, false) + "{\"code\":\"");
		long started = System.nanoTime();
		// One byte every 200 ms: without a deadline the 4,000 declared bytes would take 13 minutes.
		String answer = null;
		while (answer == null && elapsedSince(started).compareTo(BODY_TIMEOUT.plus(SLACK)) < 0) {
			slow.trickle();
			answer = slow.answerIfClosed(200);
		}
		Duration took = elapsedSince(started);
		assertThat(answer).as("answer to a trickled body").isNotNull().startsWith("HTTP/1.1 400 ");
		assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json")
			.containsIgnoringCase("Connection: close")
			.contains("\"error\":\"invalid_request\"");
		assertThat(took).isBetween(BODY_TIMEOUT.minusMillis(500), BODY_TIMEOUT.plus(SLACK));
		assertThat(wechat.calls()).isZero();
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void anEndpointThatAnswersBeforeReadingATrickledBodyClosesTheConnectionInsteadOfDrainingIt()
			throws Exception {
		Connection slow = Connection.open(InetAddress.getLoopbackAddress(), this.port, this.connections);
		// No token: /wx/phone answers 401 without reading the body it was promised.
		slow.send("POST /wx/phone HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 4000\r\n\r\n{\"code\":\"");
		long started = System.nanoTime();
		String answer = null;
		while (answer == null && elapsedSince(started).compareTo(SLACK) < 0) {
			slow.trickle();
			answer = slow.answerIfClosed(200);
		}
		assertThat(answer).as("answer to a request answered before its body").isNotNull().startsWith("HTTP/1.1 401 ");
		assertThat(answer).containsIgnoringCase("Connection: close").contains("\"error\":\"unauthorized\"");
		assertThat(elapsedSince(started)).isLessThan(SLACK);
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void bodySentInAFewSlowPartsWithinTheDeadlineIsServed() throws Exception {
		wechat.reset();
		wechat.login("slow-but-fine", "openid-slow-but-fine");
		String body = "{\"code\":\"slow-but-fine\"}";
		Connection client = Connection.open(InetAddress.getLoopbackAddress(), this.port, this.connections);
		client.send(head(body.length(), true));
		for (int i = 0; i < body.length(); i += 8) {
			client.send(body.substring(i, Math.min(i + 8, body.length())));
			Thread.sleep(500);
		}
		assertThat(client.answerIfClosed((int) SLACK.toMillis())).startsWith("HTTP/1.1 200 ")
			.contains("\"access_token\"");
	}

	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void threeHundredSlowConnectionsFromOneAddressDoNotStopOtherUsersLogins() throws Exception {
		wechat.reset();
		wechat.login("other-user-code", "openid-other-user");
		List<Connection> attackers = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			Connection attacker = Connection.open(InetAddress.getLoopbackAddress(), this.port, this.connections);
			attacker.send(head(4000, false) + "{\"code\":\"");
			attackers.add(attacker);
		}
		// The attack is in force: every request thread of the server is reading a slow body.
		long started = System.nanoTime();
		long held = 0;
		while (held < TOMCAT_THREADS && elapsedSince(started).compareTo(BODY_TIMEOUT.minusSeconds(1)) < 0) {
			Thread.sleep(100);
			held = threadsReadingBodies();
		}
		assertThat(held).as("request threads reading a slow body").isGreaterThanOrEqualTo(TOMCAT_THREADS);

		// Another user, behind another address, logs in while the attacker keeps trickling.
		String body = "{\"code\":\"other-user-code\"}";
		Connection otherUser = Connection.open(InetAddress.getByName("127.0.0.2"), this.port, this.connections);
		otherUser.send(head(body.length(), true) + body);
		started = System.nanoTime();
		String answer = null;
		while (answer == null && elapsedSince(started).compareTo(BODY_TIMEOUT.plus(SLACK)) < 0) {
			attackers.forEach(Connection::trickle);
			answer = otherUser.answerIfClosed(250);
		}
		assertThat(answer).as("the other user's login during the attack").isNotNull().startsWith("HTTP/1.1 200 ");

		// Every slow connection is cut at its deadline (the attacker keeps trickling meanwhile);
		// none is left holding a thread.
		started = System.nanoTime();
		while (attackers.stream().anyMatch(Connection::open) && elapsedSince(started).compareTo(SLACK) < 0) {
			for (Connection attacker : attackers) {
				attacker.trickle();
				attacker.answerIfClosed(1);
			}
			Thread.sleep(200);
		}
		for (Connection attacker : attackers) {
			assertThat(attacker.answerIfClosed(1)).as("answer to a slow connection").startsWith("HTTP/1.1 400 ");
		}
		started = System.nanoTime();
		while (threadsReadingBodies() > 0 && elapsedSince(started).compareTo(SLACK) < 0) {
			Thread.sleep(100);
		}
		assertThat(threadsReadingBodies()).isZero();
	}

	private static String head(int contentLength, boolean close) {
		return "POST /wx/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ (close ? "Connection: close\r\n" : "") + "Content-Length: " + contentLength + "\r\n\r\n";
	}

	private static Duration elapsedSince(long nanoTime) {
		return Duration.ofNanos(System.nanoTime() - nanoTime);
	}

	/** Request threads of the server that are inside the starter's body reader. */
	private static long threadsReadingBodies() {
		return Thread.getAllStackTraces()
			.values()
			.stream()
			.filter((stack) -> Arrays.stream(stack)
				.anyMatch((frame) -> frame.getClassName().equals("io.github.wxminiauth.security.web.internal.WxRequestReader")))
			.count();
	}

	/**
	 * A client connection over a plain socket, bound to a chosen local address.
	 */
	private static final class Connection {

		private final Socket socket;

		private final ByteArrayOutputStream received = new ByteArrayOutputStream();

		private boolean closed;

		private Connection(Socket socket) {
			this.socket = socket;
		}

		static Connection open(InetAddress from, int port, List<Socket> opened) throws IOException {
			Socket socket = new Socket();
			opened.add(socket);
			socket.bind(new InetSocketAddress(from, 0));
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
			return new Connection(socket);
		}

		void send(String text) throws IOException {
			this.socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
			this.socket.getOutputStream().flush();
		}

		boolean open() {
			return !this.closed;
		}

		/** Sends one more byte of the code, unless the server closed the connection. */
		void trickle() {
			if (this.closed) {
				return;
			}
			try {
				send("a");
			}
			catch (IOException ex) {
				// The server cut the connection: its answer is what counts.
			}
		}

		/**
		 * Reads what arrives within the wait and returns the whole answer once the server has
		 * closed the connection (a 400 drops it; the requests that should succeed ask for it),
		 * else {@code null}.
		 */
		@Nullable String answerIfClosed(int waitMillis) throws IOException {
			if (!this.closed) {
				this.socket.setSoTimeout(waitMillis);
				InputStream in = this.socket.getInputStream();
				byte[] buffer = new byte[4096];
				try {
					int n;
					while ((n = in.read(buffer)) != -1) {
						this.received.write(buffer, 0, n);
					}
					this.closed = true;
				}
				catch (SocketTimeoutException ex) {
					return null;
				}
				catch (SocketException ex) {
					// Reset after the answer (the server closed while bytes were still arriving).
					this.closed = true;
				}
			}
			return this.received.toString(StandardCharsets.UTF_8);
		}

	}

}
