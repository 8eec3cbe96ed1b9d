package io.github.wxminiauth.coexistence.wxmini.partner;

import io.github.wxminiauth.coexistence.partner.PartnerApiTests;
import io.github.wxminiauth.coexistence.support.AuthCenter;
import io.github.wxminiauth.coexistence.support.HostHttp;
import io.github.wxminiauth.coexistence.support.MiniProgram;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partner API with {@code wxMini()} in its chain: every test of {@link PartnerApiTests}
 * (inherited, unchanged), and the starter's tokens next to the opaque ones, never sent to the
 * authorization server.
 */
@SpringBootTest(classes = PartnerApiWithMiniProgramApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class PartnerApiWithMiniProgramTests extends PartnerApiTests {

	@Test
	void theStartersTokenReachesTheApiWithoutBeingIntrospected() {
		String token = new MiniProgram(this.http).login("o-partner-me");
		HostHttp.Response me = this.http.get("/partner/me").bearer(token).send();
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.text("name")).isEqualTo("o-partner-me");
		assertThat(AuthCenter.introspectionsOf(token)).isZero();
	}

	@Test
	void preAuthorizeJudgesTheMiniProgramUserByTheTokensAuthorities() {
		String token = new MiniProgram(this.http).login("o-partner-orders");
		assertThat(this.http.get("/partner/orders").bearer(token).send().status()).isEqualTo(403);
	}

	@Test
	void miniProgramLogoutLeavesTheOpaqueTokensAlone() {
		String miniProgramToken = new MiniProgram(this.http).login("o-partner-logout");
		String opaqueToken = AuthCenter.issue("partner-c", "orders:read");
		assertThat(this.http.post("/wx/logout").bearer(miniProgramToken).send().status()).isEqualTo(204);
		HostHttp.Response afterLogout = this.http.get("/partner/me").bearer(miniProgramToken).send();
		assertThat(afterLogout.status()).isEqualTo(401);
		assertThat(afterLogout.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
		assertThat(AuthCenter.introspectionsOf(miniProgramToken)).isZero();
		assertThat(this.http.get("/partner/orders").bearer(opaqueToken).send().status()).isEqualTo(200);
	}

}
