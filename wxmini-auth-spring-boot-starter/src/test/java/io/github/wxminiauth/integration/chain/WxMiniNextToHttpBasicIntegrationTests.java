package io.github.wxminiauth.integration.chain;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with HTTP Basic users of its own adds {@code wxMini()} to its chain: both kinds
 * of caller reach the same endpoints, each authenticated by its own mechanism, and the starter
 * answers only its own requests.
 */
@WxMiniIntegrationTest(properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=integration-test-secret-of-32-bytes!", "wxmini.rate-limit.enabled=false" })
class WxMiniNextToHttpBasicIntegrationTests {

	static WeChatStub wechat;

	private static final String ALICE = "Basic "
			+ Base64.getEncoder().encodeToString("alice:alice-password".getBytes(StandardCharsets.UTF_8));

	TestHttp http;

	@Test
	void basicUsersAndMiniProgramUsersReachTheSameEndpoint() {
		TestHttp.Response basic = this.http.getWithAuthorization("/api/whoami", ALICE);
		assertThat(basic.status()).isEqualTo(200);
		assertThat(basic.text("name")).isEqualTo("alice");
		assertThat(basic.text("wx_openid")).isNull();

		TestHttp.Response wx = this.http.get("/api/whoami", login("basic-and-wx", "openid-next-to-basic"));
		assertThat(wx.status()).isEqualTo(200);
		assertThat(wx.text("name")).isEqualTo("openid-next-to-basic");
		assertThat(wx.text("wx_openid")).isEqualTo("openid-next-to-basic");
	}

	@Test
	void aWrongBasicPasswordAndAMissingCredentialAreStillAnsweredByHttpBasic() {
		String wrong = "Basic " + Base64.getEncoder().encodeToString("alice:wrong".getBytes(StandardCharsets.UTF_8));
		TestHttp.Response refused = this.http.getWithAuthorization("/api/whoami", wrong);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.header("WWW-Authenticate")).startsWith("Basic");

		TestHttp.Response anonymous = this.http.get("/api/whoami", null);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic");
	}

	@Test
	void miniProgramLogoutEndsOnlyThatSession() {
		String token = login("logout-next-to-basic", "openid-logout-next-to-basic");
		assertThat(this.http.postJson("/wx/logout", "{}", token).status()).isEqualTo(204);

		TestHttp.Response revoked = this.http.get("/api/whoami", token);
		assertThat(revoked.status()).isEqualTo(401);
		assertThat(revoked.text("error")).isEqualTo("invalid_token");
		assertThat(revoked.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
		assertThat(this.http.getWithAuthorization("/api/whoami", ALICE).status()).isEqualTo(200);
	}

	@Test
	void miniProgramUsersCarrySpringSecuritysBearerFactorAndBasicUsersDoNot() {
		String token = login("bearer-factor", "openid-bearer-factor");
		TestHttp.Response wx = this.http.get("/api/bearer-only", token);
		assertThat(wx.status()).isEqualTo(200);
		assertThat(wx.text("authorities")).contains("FACTOR_BEARER");

		TestHttp.Response basic = this.http.getWithAuthorization("/api/bearer-only", ALICE);
		assertThat(basic.status()).isEqualTo(403);
		// The Basic user is denied by the chain's own handler, not the starter's problem+json.
		assertThat(basic.body()).doesNotContain("access_denied");
	}

	@Test
	void aBearerTokenTheStarterDidNotIssueIsLeftToTheRestOfTheChain() {
		TestHttp.Response foreign = this.http.get("/api/whoami", "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJvdGhlciJ9.c2ln");
		assertThat(foreign.status()).isEqualTo(401);
		// Nothing in this chain accepts it; HTTP Basic, the chain's own mechanism, answers.
		assertThat(foreign.header("WWW-Authenticate")).startsWith("Basic");
		assertThat(foreign.body()).doesNotContain("invalid_token");
	}

	@Test
	void aFirewallRejectionWithoutABearerTokenIsAnsweredAsSpringSecurityWouldWithoutTheStarter() {
		TestHttp.Response rejected = this.http.getWithAuthorization("/api/whoami;x=1", ALICE);
		// Spring Security's default sends a 400 to the error page, which this chain protects like
		// any other path (its error dispatch is not authenticated by Basic): whatever it answers,
		// the starter's problem is not it.
		assertThat(rejected.status()).isIn(400, 401);
		assertThat(String.valueOf(rejected.header("Content-Type"))).doesNotContain("problem+json");
		assertThat(rejected.body()).doesNotContain("invalid_request");
	}

	private String login(String code, String openid) {
		wechat.login(code, openid);
		return this.http.login(code).assertStatus(200).text("access_token");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BasicApplication {

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}alice-password").roles("STAFF").build());
		}

		@Bean
		SecurityFilterChain api(HttpSecurity http) {
			http.httpBasic(Customizer.withDefaults())
				.with(WxMiniConfigurer.wxMini(), Customizer.withDefaults())
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			return http.build();
		}

		@RestController
		static class Api {

			@GetMapping("/api/whoami")
			Map<String, Object> whoami(Authentication authentication, @AuthenticationPrincipal WxPrincipal principal) {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("name", authentication.getName());
				body.put("wx_openid", (principal != null) ? principal.openid() : null);
				return body;
			}

			@GetMapping("/api/bearer-only")
			@PreAuthorize("hasAuthority('FACTOR_BEARER')")
			Map<String, Object> bearerOnly(Authentication authentication) {
				List<String> authorities = authentication.getAuthorities()
					.stream()
					.map(GrantedAuthority::getAuthority)
					.toList();
				return Map.of("authorities", String.join(",", authorities));
			}

		}

	}

}
