package io.github.wxminiauth.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.wxminiauth.token.IssuedTokens;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.user.WxUserDetails;
import io.github.wxminiauth.wechat.internal.ReloadingWxAppRegistry;
import io.github.wxminiauth.wechat.internal.StaticWxAppRegistry;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxAppSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the apps come from: {@code wxmini.*}, an application's {@link WxAppSource}, or both; and
 * the per-app token lifetimes' start-up checks.
 */
class WxAppRegistryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WxMiniAutoConfiguration.class))
		.withPropertyValues("wxmini.jwt.secret=auto-configuration-test-secret-32b!");

	@Test
	void theConfiguredAppsMakeAStaticRegistry() {
		this.runner.withPropertyValues("wxmini.app-id=wx-configured", "wxmini.app-secret=s").run((context) -> {
			assertThat(context).getBean(WxAppRegistry.class).isInstanceOf(StaticWxAppRegistry.class);
			assertThat(context.getBean(WxAppRegistry.class).find("wx-configured")).isNotNull();
		});
	}

	@Test
	void anApplicationsSourceNeedsNoConfiguredAppAndIsServedNextToThem() {
		WxAppSource source = () -> List.of(new WxApp("shop", "wx-shop", "shop-secret"));
		this.runner.withBean(WxAppSource.class, () -> source).run((context) -> {
			assertThat(context).hasNotFailed();
			WxAppRegistry apps = context.getBean(WxAppRegistry.class);
			assertThat(apps).isInstanceOf(ReloadingWxAppRegistry.class);
			assertThat(apps.apps()).extracting(WxApp::appId).containsExactly("wx-shop");
		});
		this.runner.withBean(WxAppSource.class, () -> source)
			.withPropertyValues("wxmini.app-id=wx-configured", "wxmini.app-secret=s")
			.run((context) -> assertThat(context.getBean(WxAppRegistry.class).apps()).extracting(WxApp::appId)
				.containsExactly("wx-configured", "wx-shop"));
	}

	@Test
	void withoutAnyAppOrSourceStartUpFailsNamingTheWaysToConfigureOne() {
		this.runner.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("wxmini.app-id")
			.hasMessageContaining("WxAppSource"));
	}

	@Test
	void aPerAppLifetimeMustBePositive() {
		this.runner
			.withPropertyValues("wxmini.apps.shop.app-id=wx-shop", "wxmini.apps.shop.app-secret=s",
					"wxmini.apps.shop.refresh-token-ttl=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("wxmini.apps.shop.refresh-token-ttl"));
	}

	@Test
	void theMostAccessTokenLifetimeMayNotBeShorterThanTheGlobalOne() {
		this.runner
			.withPropertyValues("wxmini.app-id=wx-configured", "wxmini.app-secret=s",
					"wxmini.jwt.access-token-ttl=2h", "wxmini.jwt.max-access-token-ttl=1h")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("wxmini.jwt.max-access-token-ttl"));
	}

	@Test
	void anAppFromTheSourceGetsNoLongerAccessTokensThanTheMost() {
		WxAppSource source = () -> List.of(new WxApp("shop", "wx-shop", "s", Duration.ofDays(1), Duration.ofDays(2)));
		this.runner.withBean(WxAppSource.class, () -> source)
			.withPropertyValues("wxmini.jwt.max-access-token-ttl=4h")
			.run((context) -> {
				IssuedTokens tokens = context.getBean(WxTokenService.class)
					.login(new WxUserDetails("wx-shop", "o-1", null, null, List.of()));
				assertThat(tokens.accessTokenExpiresIn()).isEqualTo(Duration.ofHours(4));
				assertThat(tokens.refreshTokenExpiresIn()).isEqualTo(Duration.ofDays(2));
			});
	}

}
