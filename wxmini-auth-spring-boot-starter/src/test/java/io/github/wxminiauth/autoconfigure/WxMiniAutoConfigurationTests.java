package io.github.wxminiauth.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.wxminiauth.accesstoken.AccessTokenCache;
import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.accesstoken.InMemoryAccessTokenCache;
import io.github.wxminiauth.phone.PhoneNumberService;
import io.github.wxminiauth.security.web.WxMiniEndpoints;
import io.github.wxminiauth.sessionkey.InMemorySessionKeyStore;
import io.github.wxminiauth.sessionkey.SessionKeyStore;
import io.github.wxminiauth.token.InMemoryRefreshTokenStore;
import io.github.wxminiauth.token.IssuedTokens;
import io.github.wxminiauth.token.RefreshTokenStore;
import io.github.wxminiauth.token.RotationResult.Outcome;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.user.WxUserDetails;
import io.github.wxminiauth.user.WxUserDetailsService;
import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.internal.RestWxApiClient;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class WxMiniAutoConfigurationTests {

	private static final String SECRET_32 = "0123456789abcdef0123456789abcdef";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WxMiniAutoConfiguration.class))
		.withPropertyValues("wxmini.app-id=wx1234567890abcdef", "wxmini.app-secret=test-app-secret-value",
				"wxmini.jwt.secret=" + SECRET_32);

	@Test
	void twoPropertiesGiveEveryBeanWithItsDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(WxAppRegistry.class);
			assertThat(context).getBean(WxApiClient.class).isInstanceOf(RestWxApiClient.class);
			assertThat(context).getBean(AccessTokenCache.class).isInstanceOf(InMemoryAccessTokenCache.class);
			assertThat(context).hasSingleBean(AccessTokenProvider.class);
			assertThat(context).getBean(WxUserDetailsService.class).isInstanceOf(InMemoryWxUserDetailsService.class);
			assertThat(context).getBean(RefreshTokenStore.class).isInstanceOf(InMemoryRefreshTokenStore.class);
			assertThat(context).getBean(SessionKeyStore.class).isInstanceOf(InMemorySessionKeyStore.class);
			assertThat(context).hasSingleBean(WxTokenService.class);
			assertThat(context).hasSingleBean(PhoneNumberService.class);
			// Spring Security's global AuthenticationManager takes a lone AuthenticationProvider
			// bean over the application's UserDetailsService: the login's provider is not a bean.
			assertThat(context).doesNotHaveBean(AuthenticationProvider.class);
			assertThat(context.getBean(WxMiniEndpoints.class)).isEqualTo(WxMiniEndpoints.defaults());
			WxAppRegistry apps = context.getBean(WxAppRegistry.class);
			assertThat(apps.isSingleApp()).isTrue();
			assertThat(apps.resolve(null).appId()).isEqualTo("wx1234567890abcdef");
		});
	}

	@Test
	void theInMemoryRefreshTokenStoreKeepsAtMostTheConfiguredNumberOfTokens() {
		this.runner.withPropertyValues("wxmini.memory.max-refresh-tokens=8").run((context) -> {
			RefreshTokenStore store = context.getBean(RefreshTokenStore.class);
			Instant now = Instant.now();
			Instant later = now.plus(Duration.ofDays(30));
			for (int i = 0; i < 200; i++) {
				store.save("hash-" + i, new WxPrincipal("wx1234567890abcdef", "o" + i, null,
						"s" + i), later.plusSeconds(i));
			}
			assertThat(store.rotate("hash-0", "next-0", now, later, later).outcome())
				.isEqualTo(Outcome.UNKNOWN);
			assertThat(store.rotate("hash-199", "next-199", now, later, later).outcome())
				.isEqualTo(Outcome.ROTATED);
		});
	}

	@Test
	void aNonPositiveRefreshTokenMaximumFailsNamingTheProperty() {
		this.runner.withPropertyValues("wxmini.memory.max-refresh-tokens=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("wxmini.memory.max-refresh-tokens"));
	}

	@Test
	void tokenLifetimesFollowTheProperties() {
		this.runner.withPropertyValues("wxmini.jwt.access-token-ttl=15m", "wxmini.jwt.refresh-token-ttl=7d")
			.run((context) -> {
				IssuedTokens tokens = context.getBean(WxTokenService.class)
					.login(new WxUserDetails("wx1234567890abcdef", "openid-1", null, null, List.of("ROLE_USER")));
				assertThat(tokens.accessTokenExpiresIn()).isEqualTo(Duration.ofMinutes(15));
				assertThat(tokens.refreshTokenExpiresIn()).isEqualTo(Duration.ofDays(7));
			});
	}

	@Test
	void applicationBeansReplaceTheDefaults() {
		this.runner.withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context).getBean(WxUserDetailsService.class).isSameAs(OwnBeans.USERS);
			assertThat(context).getBean(RefreshTokenStore.class).isSameAs(OwnBeans.STORE);
			assertThat(context).getBean(AccessTokenCache.class).isSameAs(OwnBeans.CACHE);
		});
	}

	@Test
	void severalAppsAreServed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WxMiniAutoConfiguration.class))
			.withPropertyValues("wxmini.apps.shop.app-id=wxshop", "wxmini.apps.shop.app-secret=s1",
					"wxmini.apps.game.app-id=wxgame", "wxmini.apps.game.app-secret=s2",
					"wxmini.jwt.secret=" + SECRET_32)
			.run((context) -> {
				WxAppRegistry apps = context.getBean(WxAppRegistry.class);
				assertThat(apps.apps()).extracting("appId").containsExactlyInAnyOrder("wxshop", "wxgame");
				assertThat(apps.resolve(null)).as("app_id is required with several apps").isNull();
				assertThat(apps.resolve("wxgame").name()).isEqualTo("game");
			});
	}

	@Test
	void missingAppFailsNamingTheProperty() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WxMiniAutoConfiguration.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("wxmini.app-id"));
	}

	@Test
	void appIdWithoutSecretFailsNamingTheSecretProperty() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WxMiniAutoConfiguration.class))
			.withPropertyValues("wxmini.app-id=wx1234567890abcdef")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("wxmini.app-secret"));
	}

	@Test
	void sameAppIdTwiceFails() {
		this.runner.withPropertyValues("wxmini.apps.again.app-id=wx1234567890abcdef", "wxmini.apps.again.app-secret=x")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("wx1234567890abcdef")
				.hasMessageContaining("more than once"));
	}

	@Test
	void shortJwtSecretFailsNamingTheProperty() {
		this.runner.withPropertyValues("wxmini.jwt.secret=only-31-bytes-long-secret-value")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("wxmini.jwt.secret")
				.hasMessageContaining("32 bytes")
				.hasMessageNotContaining("only-31-bytes-long-secret-value"));
	}

	@Test
	void missingJwtSecretStartsWithAnEphemeralKeyAndWarns(CapturedOutput output) {
		this.runner.withPropertyValues("wxmini.jwt.secret=").run((context) -> {
			assertThat(context).hasNotFailed();
			WxTokenService tokens = context.getBean(WxTokenService.class);
			IssuedTokens issued = tokens
				.login(new WxUserDetails("wx1234567890abcdef", "openid-1", null, null, List.of("ROLE_USER")));
			assertThat(tokens.verify(issued.accessToken()).principal().openid()).isEqualTo("openid-1");
			assertThat(output).contains("wxmini.jwt.secret is not set");
		});
	}

	@Test
	void theAppSecretIsNotPrintedByThePropertiesOrTheRegistry() {
		this.runner.run((context) -> {
			assertThat(context.getBean(WxMiniProperties.class).toString()).doesNotContain("test-app-secret-value");
			assertThat(context.getBean(WxAppRegistry.class).apps().toString())
				.doesNotContain("test-app-secret-value");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		static final WxUserDetailsService USERS = new WxUserDetailsService() {

			@Override
			public WxUserRegistration loadOrRegister(WxIdentity identity) {
				throw new UnsupportedOperationException();
			}

			@Override
			public WxUserDetails loadUser(String appId, String openid) {
				return null;
			}

			@Override
			public WxUserDetails bindPhoneNumber(String appId, String openid, PhoneNumber phoneNumber) {
				throw new UnsupportedOperationException();
			}

		};

		static final RefreshTokenStore STORE = new InMemoryRefreshTokenStore(java.time.Clock.systemUTC());

		static final AccessTokenCache CACHE = new InMemoryAccessTokenCache();

		@Bean
		WxUserDetailsService myUsers() {
			return USERS;
		}

		@Bean
		RefreshTokenStore myStore() {
			return STORE;
		}

		@Bean
		AccessTokenCache myCache() {
			return CACHE;
		}

	}

}
