package io.github.wxminiauth.integration.redis;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.TestInstances;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.test.Eventually;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * An application on a Redis of the test's own, which the test stops and starts again: while Redis is
 * down every request still gets an answer of the contract, soon, and when Redis is back the
 * application recovers by itself. {@link WxMiniClusterOutageIntegrationTests} does the same with a whole
 * Redis Cluster down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WxMiniRedisOutageIntegrationTests {

	/** Far more than a request takes with a 500 ms Redis timeout; far less than a hang. */
	private static final Duration PROMPTLY = Duration.ofSeconds(5);

	private final WeChatStub wechat = new WeChatStub();

	private final TestInstances instances = new TestInstances(new InMemoryWxUserDetailsService());

	private int redisPort;

	private Process redis;

	private TestHttp http;

	/** A second instance on the same Redis, whose revocation feed must recover by itself too. */
	private TestHttp other;

	/**
	 * Where the instances' Redis is, once it has started.
	 */
	Map<String, Object> redisProperties() {
		return Map.of("spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", this.redisPort);
	}

	@BeforeAll
	void start() throws IOException {
		this.wechat.start();
		this.redisPort = freePort();
		startRedis();
		Map<String, Object> properties = new HashMap<>(Map.of("wxmini.app-id", WeChatStub.APP_ID,
				"wxmini.app-secret", WeChatStub.APP_SECRET, "wxmini.api-base-url", this.wechat.baseUrl(),
				"wxmini.jwt.secret", "redis-outage-secret-of-32-bytes!!", "wxmini.redis.key-prefix",
				"wxmini-test:" + UUID.randomUUID() + ":", "spring.data.redis.timeout", "500ms",
				"spring.data.redis.connect-timeout", "500ms"));
		properties.putAll(redisProperties());
		this.http = TestInstances.http(this.instances.start(properties));
		this.other = TestInstances.http(this.instances.start(properties));
	}

	@AfterAll
	void stop() {
		try {
			this.instances.close();
			this.wechat.stop();
		}
		finally {
			stopRedis();
		}
	}

	@Test
	void withRedisDownEveryRequestIsAnsweredPerTheContractAndRecoveryIsAutomatic() throws IOException {
		this.wechat.stableToken();
		this.wechat.phone("phone-code", "13800138000");
		TestHttp.Response before = login("openid-1");
		assertThat(before.status()).isEqualTo(200);
		String accessToken = before.text("access_token");

		stopRedis();

		TestHttp.Response login = promptly(() -> login("openid-2"));
		assertTemporarilyUnavailable(login);
		TestHttp.Response refresh = promptly(() -> this.http.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + before.text("refresh_token") + "\"}"));
		assertTemporarilyUnavailable(refresh);
		TestHttp.Response logout = promptly(() -> this.http.postJson("/wx/logout", "", accessToken));
		assertTemporarilyUnavailable(logout);

		TestHttp.Response me = promptly(() -> this.http.get("/api/me", accessToken));
		assertThat(me.status()).as("authenticated from the local revocation set").isEqualTo(200);
		TestHttp.Response phone = promptly(
				() -> this.http.postJson("/wx/phone", "{\"code\":\"phone-code\"}", accessToken));
		assertThat(phone.status()).as("the access token is fetched without Redis").isEqualTo(200);

		startRedis();

		assertThat(Eventually.holds(() -> login("openid-3").status() == 200, Duration.ofSeconds(20))).isTrue();
		TestHttp.Response afterLogin = login("openid-4");
		TestHttp.Response rotated = this.http.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + afterLogin.text("refresh_token") + "\"}");
		assertThat(rotated.status()).isEqualTo(200);
		assertThat(this.other.get("/api/me", rotated.text("access_token")).status()).isEqualTo(200);
		assertThat(this.http.postJson("/wx/logout", "", rotated.text("access_token")).status()).isEqualTo(204);
		assertThat(this.http.get("/api/me", rotated.text("access_token")).status()).isEqualTo(401);
		// The other instance's revocation feed failed while Redis was down and recovered by itself:
		// it learns of the logout within a poll interval (bounded generously for a loaded machine).
		assertThat(Eventually.holds(() -> this.other.get("/api/me", rotated.text("access_token")).status() == 401,
				Duration.ofSeconds(5)))
			.isTrue();
	}

	private TestHttp.Response login(String openid) {
		String code = "code-" + UUID.randomUUID();
		this.wechat.login(code, openid);
		return this.http.postJson("/wx/login", "{\"code\":\"" + code + "\"}");
	}

	private static TestHttp.Response promptly(Supplier<TestHttp.Response> request) {
		return assertTimeoutPreemptively(PROMPTLY, request::get);
	}

	private static void assertTemporarilyUnavailable(TestHttp.Response response) {
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.text("error")).isEqualTo("temporarily_unavailable");
		assertThat(response.header("Retry-After")).isNotBlank();
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	/**
	 * Starts the instances' Redis, once at first and again after {@link #stopRedis()}.
	 */
	void startRedis() throws IOException {
		int redisPort = this.redisPort;
		this.redis = new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(redisPort), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(new File(System.getProperty("java.io.tmpdir"), "wxmini-outage-redis.log"))
			.start();
		boolean up = Eventually.holds(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", redisPort), 200);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}, Duration.ofSeconds(10));
		assertThat(up).as("redis-server started on port %s", redisPort).isTrue();
	}

	/**
	 * Stops the instances' Redis, as an outage would.
	 */
	void stopRedis() {
		Process process = this.redis;
		if (process == null) {
			return;
		}
		this.redis = null;
		process.destroyForcibly();
		try {
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
