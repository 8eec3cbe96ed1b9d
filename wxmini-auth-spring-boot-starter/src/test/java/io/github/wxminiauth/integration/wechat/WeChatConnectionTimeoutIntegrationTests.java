package io.github.wxminiauth.integration.wechat;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

import io.github.wxminiauth.accesstoken.AccessTokenCache;
import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.HardeningTestApplication.RecordingRefreshTokenStore;
import io.github.wxminiauth.integration.support.HardeningTestApplication.RecordingUserDetailsService;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.UnreachableWeChat;
import io.github.wxminiauth.integration.support.WeChatStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When WeChat's host takes no connections (a full backlog that is never accepted): connecting times out after wxmini.http.connect-timeout, login and phone binding answer 503 {@code wechat_unavailable} with
 * {@code Retry-After} in bounded time and write nothing.
 */
@SpringBootTest(classes = HardeningTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=" + UnreachableWeChat.JWT_SECRET, "wxmini.http.connect-timeout=1s" })
class WeChatConnectionTimeoutIntegrationTests {

	/** How long a request may take, with room for a slow, shared build machine. */
	private static final Duration TIME_BUDGET = Duration.ofSeconds(1).plusSeconds(3);

	private static final UnreachableWeChat wechat = UnreachableWeChat.neverAccepting();

	@Value("${local.server.port}")
	int port;

	@Autowired
	AccessTokenCache accessTokenCache;

	@Autowired
	RecordingUserDetailsService users;

	@Autowired
	RecordingRefreshTokenStore refreshTokens;

	@DynamicPropertySource
	static void wechatUrl(DynamicPropertyRegistry registry) {
		registry.add("wxmini.api-base-url", wechat::baseUrl);
	}

	@AfterAll
	static void closeWeChat() throws IOException {
		wechat.close();
	}

	@Test
	void loginAnswers503WechatUnavailableInBoundedTimeAndWritesNothing() {
		TestHttp.Response login = timed(() -> new TestHttp(this.port).postJson("/wx/login", "{\"code\":\"any-code\"}"));

		UnreachableWeChat.assertWeChatUnavailable(login);
		assertThat(this.users.writes()).isZero();
		assertThat(this.refreshTokens.writes()).isZero();
	}

	@Test
	void phoneBindingAnswers503WechatUnavailableInBoundedTimeAndWritesNothing() {
		UnreachableWeChat.cacheAccessToken(this.accessTokenCache);

		TestHttp.Response phone = timed(() -> new TestHttp(this.port).postJson("/wx/phone",
				"{\"code\":\"any-phone-code\"}", UnreachableWeChat.bearerToken()));

		UnreachableWeChat.assertWeChatUnavailable(phone);
		assertThat(this.users.phoneBindings.get()).isZero();
	}

	private static TestHttp.Response timed(Supplier<TestHttp.Response> request) {
		long start = System.nanoTime();
		TestHttp.Response response = request.get();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered within the time budget")
			.isLessThan(TIME_BUDGET);
		return response;
	}

}
