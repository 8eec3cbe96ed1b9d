package io.github.wxminiauth.coexistence.partner;

import io.github.wxminiauth.coexistence.support.AuthCenter;
import io.github.wxminiauth.coexistence.support.HostHttp;
import io.github.wxminiauth.coexistence.support.WeChat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.github.wxminiauth.coexistence.partner.PartnerAccounts.OPERATIONS;
import static io.github.wxminiauth.coexistence.partner.PartnerAccounts.OPERATIONS_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partner API's own tests of its own security: the authorization server's opaque tokens,
 * introspected, their scopes for {@code @PreAuthorize}, and HTTP Basic.
 */
@SpringBootTest(classes = PartnerApiApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
public class PartnerApiTests {

	@LocalServerPort
	private int port;

	protected HostHttp http;

	@DynamicPropertySource
	static void outside(DynamicPropertyRegistry registry) {
		WeChat.configure(registry);
		AuthCenter.configure(registry);
	}

	@BeforeEach
	void connect() {
		this.http = new HostHttp(this.port);
	}

	@Test
	void anActiveTokenOfTheAuthorizationServerReachesTheApi() {
		String token = AuthCenter.issue("partner-jd", "orders:read");
		HostHttp.Response me = this.http.get("/partner/me").bearer(token).send();
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.text("name")).isEqualTo("partner-jd");
		assertThat(AuthCenter.introspectionsOf(token)).isEqualTo(1);
	}

	@Test
	void theTokensScopesDecidePreAuthorize() {
		assertThat(this.http.get("/partner/orders").bearer(AuthCenter.issue("partner-a", "orders:read")).send().status())
			.isEqualTo(200);
		assertThat(this.http.get("/partner/orders").bearer(AuthCenter.issue("partner-b", "profile")).send().status())
			.isEqualTo(403);
	}

	@Test
	void aTokenTheAuthorizationServerDoesNotKnowIsRefusedAsAnInvalidToken() {
		HostHttp.Response me = this.http.get("/partner/me").bearer("ac-unknown-token").send();
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
		assertThat(AuthCenter.introspectionsOf("ac-unknown-token")).isPositive();
	}

	@Test
	void theOperationsTeamStillUsesHttpBasic() {
		HostHttp.Response orders = this.http.get("/partner/orders").basic(OPERATIONS, OPERATIONS_PASSWORD).send();
		assertThat(orders.status()).as(orders.toString()).isEqualTo(200);
		assertThat(this.http.get("/partner/orders").basic(OPERATIONS, "not-the-password").send().status())
			.isEqualTo(401);
	}

}
