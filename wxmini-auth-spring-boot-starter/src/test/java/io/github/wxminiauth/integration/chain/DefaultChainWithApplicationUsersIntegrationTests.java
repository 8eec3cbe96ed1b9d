package io.github.wxminiauth.integration.chain;

import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that relies on Spring Boot's default chain for its own users (no chain of its
 * own, a {@link UserDetailsService}) keeps HTTP Basic and form login once the starter is added,
 * next to the mini-program endpoints.
 */
@WxMiniIntegrationTest(properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=integration-test-secret-of-32-bytes!", "wxmini.rate-limit.enabled=false" })
class DefaultChainWithApplicationUsersIntegrationTests {

	static WeChatStub wechat;

	TestHttp http;

	@Test
	void theApplicationsUsersKeepHttpBasicAndTheLoginPage() {
		String basic = "Basic " + Base64.getEncoder().encodeToString("bob:bob-password".getBytes(StandardCharsets.UTF_8));
		TestHttp.Response hello = this.http.getWithAuthorization("/hello", basic);
		assertThat(hello.status()).isEqualTo(200);
		assertThat(hello.text("name")).isEqualTo("bob");
		assertThat(this.http.get("/login", null).status()).isEqualTo(200);
		assertThat(this.http.get("/login", null).body()).contains("password");
	}

	@Test
	void miniProgramUsersLogInAndCallTheSameEndpoint() {
		wechat.login("default-chain-code", "openid-default-chain");
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"default-chain-code\"}");
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.header("Set-Cookie")).as("a mini-program login creates no HTTP session").isNull();
		TestHttp.Response hello = this.http.get("/hello", login.text("access_token"));
		assertThat(hello.status()).isEqualTo(200);
		assertThat(hello.text("name")).isEqualTo("openid-default-chain");
		assertThat(hello.header("Set-Cookie")).as("nor does a bearer request").isNull();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class UsersOfItsOwnApplication {

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("bob").password("{noop}bob-password").roles("STAFF").build());
		}

		@RestController
		static class Api {

			@GetMapping("/hello")
			Map<String, Object> hello(Authentication authentication) {
				return Map.of("name", authentication.getName());
			}

		}

	}

}
