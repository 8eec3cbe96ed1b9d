package io.github.wxminiauth.integration.chain;

import java.util.Map;

import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import io.github.wxminiauth.security.config.WxMiniConfigurer;
import io.github.wxminiauth.user.WxPrincipal;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with its own {@link SecurityFilterChain} adds mini-program login with
 * {@code http.with(WxMiniConfigurer.wxMini(), …)}, on custom endpoint paths.
 */
@WxMiniIntegrationTest(properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=integration-test-secret-of-32-bytes!", "wxmini.endpoints.login=/api/auth/login" })
class WxMiniConfigurerIntegrationTests {

	static WeChatStub wechat;

	TestHttp http;

	@Test
	void ownChainServesItsPublicPathsAndMiniProgramLoginWithCsrfStillOn() {
		assertThat(this.http.get("/public/hello", null).status()).isEqualTo(200);
		assertThat(this.http.get("/api/me", null).status()).isEqualTo(401);

		wechat.login("own-chain-code", "openid-own");
		TestHttp.Response login = this.http.postJson("/api/auth/login", "{\"code\":\"own-chain-code\"}");
		assertThat(login.status()).isEqualTo(200);

		TestHttp.Response me = this.http.get("/api/me", login.text("access_token"));
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.text("openid")).isEqualTo("openid-own");
	}

	@Test
	void theDefaultLoginPathIsNotServedWhenConfiguredElsewhere() {
		wechat.login("x", "openid-x");
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"x\"}");
		// The application's chain keeps CSRF protection on for paths that are not the starter's:
		// the POST is refused before it could reach anything.
		assertThat(login.status()).isEqualTo(403);
		assertThat(login.text("error")).isEqualTo("access_denied");
		assertThat(login.body()).doesNotContain("access_token");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class OwnChainApplication {

		@Bean
		SecurityFilterChain api(HttpSecurity http) {
			http.with(WxMiniConfigurer.wxMini(), Customizer.withDefaults())
				.authorizeHttpRequests(
						(requests) -> requests.requestMatchers("/public/**").permitAll().anyRequest().authenticated())
				.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			return http.build();
		}

		@RestController
		static class Api {

			@GetMapping("/public/hello")
			Map<String, Object> hello() {
				return Map.of("hello", "world");
			}

			@GetMapping("/api/me")
			Map<String, Object> me(@AuthenticationPrincipal WxPrincipal principal) {
				return Map.of("openid", principal.openid());
			}

		}

	}

}
