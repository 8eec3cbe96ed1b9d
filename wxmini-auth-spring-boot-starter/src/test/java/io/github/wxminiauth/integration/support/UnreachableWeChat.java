package io.github.wxminiauth.integration.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.github.wxminiauth.accesstoken.AccessTokenCache;
import io.github.wxminiauth.wechat.WxAccessToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WeChat that cannot be reached, for the tests of connection failures: a port nobody listens
 * on (connection refused), or a listener that never accepts, whose backlog is full so that
 * connecting times out.
 */
public final class UnreachableWeChat implements AutoCloseable {

	/** The JWT secret of the tests' application, to mint a bearer token without a login. */
	public static final String JWT_SECRET = "unreachable-wechat-test-secret-32-bytes";

	private final int port;

	private final ServerSocket listener;

	private final List<Socket> backlog = new ArrayList<>();

	private UnreachableWeChat(int port, ServerSocket listener) {
		this.port = port;
		this.listener = listener;
	}

	/** A loopback port that was free a moment ago and is closed now. */
	public static UnreachableWeChat refusing() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return new UnreachableWeChat(socket.getLocalPort(), null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A listener that never accepts, its backlog filled until a further connection attempt times
	 * out: the kernel then drops new connection requests, as an overloaded or firewalled host
	 * does.
	 */
	public static UnreachableWeChat neverAccepting() {
		try {
			ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
			UnreachableWeChat wechat = new UnreachableWeChat(listener.getLocalPort(), listener);
			for (int i = 0; i < 16; i++) {
				Socket socket = new Socket();
				try {
					socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), wechat.port), 300);
					wechat.backlog.add(socket);
				}
				catch (SocketTimeoutException ex) {
					socket.close();
					return wechat;
				}
			}
			throw new IllegalStateException("the listener's backlog never filled up");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * A bearer token as the application signs it, for a user who never logged in: the phone
	 * endpoint is reached without a code2Session call.
	 */
	public static String bearerToken() {
		Instant now = Instant.now();
		return JWT.create()
			.withIssuer("wxmini-auth")
			.withSubject("openid-unreachable")
			.withIssuedAt(now)
			.withExpiresAt(now.plus(Duration.ofHours(1)))
			.withJWTId(UUID.randomUUID().toString())
			.withClaim("openid", "openid-unreachable")
			.withClaim("appid", WeChatStub.APP_ID)
			.withClaim("sid", UUID.randomUUID().toString())
			.withArrayClaim("authorities", new String[] { "ROLE_USER" })
			.sign(Algorithm.HMAC256(JWT_SECRET));
	}

	/** Caches a WeChat access token, so that the phone call is the first call to WeChat. */
	public static void cacheAccessToken(AccessTokenCache cache) {
		Instant now = Instant.now();
		cache.renew(WeChatStub.APP_ID, (token) -> false,
				() -> new WxAccessToken(WeChatStub.ACCESS_TOKEN, now, now.plus(Duration.ofHours(2))));
	}

	public static void assertWeChatUnavailable(TestHttp.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(503);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.text("error")).isEqualTo("wechat_unavailable");
		assertThat(Long.parseLong(response.header("Retry-After"))).isPositive();
		assertThat(response.body()).doesNotContain(WeChatStub.APP_SECRET).doesNotContain(WeChatStub.ACCESS_TOKEN);
	}

	@Override
	public void close() throws IOException {
		for (Socket socket : this.backlog) {
			socket.close();
		}
		if (this.listener != null) {
			this.listener.close();
		}
	}

}
