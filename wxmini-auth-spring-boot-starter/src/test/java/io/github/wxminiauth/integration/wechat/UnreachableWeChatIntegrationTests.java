package io.github.wxminiauth.integration.wechat;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import io.github.wxminiauth.accesstoken.AccessTokenCache;
import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.HardeningTestApplication.RecordingRefreshTokenStore;
import io.github.wxminiauth.integration.support.HardeningTestApplication.RecordingUserDetailsService;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.UnreachableWeChat;
import io.github.wxminiauth.integration.support.WeChatStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When WeChat cannot be reached, login and phone binding answer 503 {@code wechat_unavailable}
 * with {@code Retry-After} in bounded time and write nothing, whichever way the connection
 * fails ({@link Unreachable}). Each way gets its own application, started at its first case.
 */
class UnreachableWeChatIntegrationTests {

	/** {@code wxmini.http.connect-timeout}, in seconds; a constant, so that {@link Unreachable} can use it. */
	private static final int CONNECT_TIMEOUT_SECONDS = 1;

	private static final Map<Unreachable, Instance> instances = new EnumMap<>(Unreachable.class);

	/**
	 * The ways WeChat's host can be unreachable, each with how long a request may take, with room
	 * for a slow, shared build machine.
	 */
	enum Unreachable {

		/** Nobody listens on WeChat's port: connecting is refused at once. */
		REFUSED(UnreachableWeChat::refusing, Duration.ofSeconds(3)),

		/**
		 * The host takes no connections (a full backlog that is never accepted): connecting times
		 * out after {@code wxmini.http.connect-timeout}.
		 */
		NEVER_ACCEPTING(UnreachableWeChat::neverAccepting, Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS + 3));

		private final Supplier<UnreachableWeChat> wechat;

		private final Duration timeBudget;

		Unreachable(Supplier<UnreachableWeChat> wechat, Duration timeBudget) {
			this.wechat = wechat;
			this.timeBudget = timeBudget;
		}

	}

	@AfterAll
	static void stopInstances() throws IOException {
		for (Instance instance : instances.values()) {
			instance.close();
		}
		instances.clear();
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource
	void loginAnswers503WechatUnavailableInBoundedTimeAndWritesNothing(Unreachable unreachable) {
		Instance instance = instance(unreachable);

		TestHttp.Response login = timed(unreachable,
				() -> instance.http().postJson("/wx/login", "{\"code\":\"any-code\"}"));

		UnreachableWeChat.assertWeChatUnavailable(login);
		assertThat(instance.app().getBean(RecordingUserDetailsService.class).writes()).isZero();
		assertThat(instance.app().getBean(RecordingRefreshTokenStore.class).writes()).isZero();
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource
	void phoneBindingAnswers503WechatUnavailableInBoundedTimeAndWritesNothing(Unreachable unreachable) {
		Instance instance = instance(unreachable);
		UnreachableWeChat.cacheAccessToken(instance.app().getBean(AccessTokenCache.class));

		TestHttp.Response phone = timed(unreachable, () -> instance.http()
			.postJson("/wx/phone", "{\"code\":\"any-phone-code\"}", UnreachableWeChat.bearerToken()));

		UnreachableWeChat.assertWeChatUnavailable(phone);
		assertThat(instance.app().getBean(RecordingUserDetailsService.class).phoneBindings.get()).isZero();
	}

	private static Instance instance(Unreachable unreachable) {
		return instances.computeIfAbsent(unreachable, (key) -> {
			UnreachableWeChat wechat = key.wechat.get();
			ConfigurableApplicationContext app = new SpringApplicationBuilder(HardeningTestApplication.class)
				.properties("server.port=0", "spring.main.banner-mode=off", "wxmini.app-id=" + WeChatStub.APP_ID,
						"wxmini.app-secret=" + WeChatStub.APP_SECRET, "wxmini.jwt.secret=" + UnreachableWeChat.JWT_SECRET,
						"wxmini.http.connect-timeout=" + CONNECT_TIMEOUT_SECONDS + "s",
						"wxmini.api-base-url=" + wechat.baseUrl())
				.run();
			return new Instance(wechat, app);
		});
	}

	private static TestHttp.Response timed(Unreachable unreachable, Supplier<TestHttp.Response> request) {
		long start = System.nanoTime();
		TestHttp.Response response = request.get();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered within the time budget")
			.isLessThan(unreachable.timeBudget);
		return response;
	}

	/**
	 * One unreachable WeChat and the application that calls it.
	 */
	private record Instance(UnreachableWeChat wechat, ConfigurableApplicationContext app) {

		TestHttp http() {
			return new TestHttp(((WebServerApplicationContext) this.app).getWebServer().getPort());
		}

		void close() throws IOException {
			this.app.close();
			this.wechat.close();
		}

	}

}
