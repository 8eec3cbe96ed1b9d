package io.github.wxminiauth.coexistence.wxmini.shop;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.github.wxminiauth.coexistence.shop.ShopTests;
import io.github.wxminiauth.coexistence.support.HostHttp;
import io.github.wxminiauth.coexistence.support.MiniProgram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static io.github.wxminiauth.coexistence.shop.ShopAccounts.ADMIN;
import static io.github.wxminiauth.coexistence.shop.ShopAccounts.ADMIN_PASSWORD;
import static io.github.wxminiauth.coexistence.shop.ShopAccounts.USER;
import static io.github.wxminiauth.coexistence.shop.ShopAccounts.USER_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop with {@code wxMini()} in its chain: every test of {@link ShopTests} (inherited, unchanged),
 * and the mini program's users next to the shop's on the same paths, each authenticated by its own
 * mechanism.
 */
@SpringBootTest(classes = ShopWithMiniProgramApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
public class ShopWithMiniProgramTests extends ShopTests {

	private MiniProgram miniProgram;

	@BeforeEach
	void openMiniProgram() {
		this.miniProgram = new MiniProgram(this.http);
	}

	@Test
	void theMiniProgramLogsInThroughTheShopsChain() {
		HostHttp.Response login = this.miniProgram.loginResponse("o-shop-login");
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertThat(login.text("token_type")).isEqualTo("Bearer");
		assertThat(login.text("openid")).isEqualTo("o-shop-login");
		assertThat(login.text("refresh_token")).isNotBlank();
	}

	@Test
	void theStartersTokenAndTheShopsJwtReachTheSameEndpoint() {
		HostHttp.Response miniProgramUser = this.http.get("/api/me").bearer(this.miniProgram.login("o-shop-me")).send();
		assertThat(miniProgramUser.status()).as(miniProgramUser.toString()).isEqualTo(200);
		assertThat(miniProgramUser.text("name")).isEqualTo("o-shop-me");
		assertThat(miniProgramUser.json().get("roles").toString()).isEqualTo("[\"ROLE_USER\"]");

		HostHttp.Response shopUser = this.http.get("/api/me").bearer(shopToken(USER, USER_PASSWORD)).send();
		assertThat(shopUser.status()).as(shopUser.toString()).isEqualTo(200);
		assertThat(shopUser.text("name")).isEqualTo(USER);
	}

	@Test
	void preAuthorizeJudgesTheMiniProgramUserByTheTokensAuthorities() {
		String token = this.miniProgram.login("o-shop-orders");
		HostHttp.Response orders = this.http.get("/api/orders").bearer(token).send();
		assertThat(orders.status()).as(orders.toString()).isEqualTo(200);
		assertThat(orders.text("owner")).isEqualTo("o-shop-orders");
		HostHttp.Response report = this.http.get("/api/admin/report").bearer(token).send();
		assertThat(report.status()).as(report.toString()).isEqualTo(403);
		assertThat(report.body()).doesNotContain("daily-sales");
	}

	@Test
	void basicAndBothKindsOfTokenTakeTurnsOnTheSamePath() {
		String miniProgramToken = this.miniProgram.login("o-shop-turns");
		String shopToken = shopToken(ADMIN, ADMIN_PASSWORD);
		for (int round = 0; round < 3; round++) {
			assertThat(this.http.get("/api/orders").bearer(miniProgramToken).send().text("owner"))
				.isEqualTo("o-shop-turns");
			assertThat(this.http.get("/api/orders").bearer(shopToken).send().text("owner")).isEqualTo(ADMIN);
			assertThat(this.http.get("/api/orders").basic(USER, USER_PASSWORD).send().text("owner")).isEqualTo(USER);
		}
	}

	@Test
	void wxPrincipalIsTheMiniProgramUserOfTheStartersToken() {
		HostHttp.Response me = this.http.get("/api/mini/me").bearer(this.miniProgram.login("o-shop-principal")).send();
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.text("openid")).isEqualTo("o-shop-principal");
		assertThat(me.text("unionid")).isEqualTo("u-o-shop-principal");
	}

	@Test
	void wxPrincipalIsNullForTheShopsJwtAndForBasic() {
		HostHttp.Response withJwt = this.http.get("/api/mini/me").bearer(shopToken(USER, USER_PASSWORD)).send();
		assertThat(withJwt.status()).as(withJwt.toString()).isEqualTo(200);
		assertThat(withJwt.json().get("openid").isNull()).isTrue();
		HostHttp.Response withBasic = this.http.get("/api/mini/me").basic(USER, USER_PASSWORD).send();
		assertThat(withBasic.status()).as(withBasic.toString()).isEqualTo(200);
		assertThat(withBasic.json().get("openid").isNull()).isTrue();
	}

	@Test
	void miniProgramLogoutEndsThatSessionAndNothingElse() {
		String loggingOut = this.miniProgram.login("o-shop-logout");
		String stayingIn = this.miniProgram.login("o-shop-stays");
		String shopToken = shopToken(USER, USER_PASSWORD);

		HostHttp.Response logout = this.http.post("/wx/logout").bearer(loggingOut).send();
		assertThat(logout.status()).as(logout.toString()).isEqualTo(204);

		assertInvalidToken(this.http.get("/api/me").bearer(loggingOut).send());
		assertThat(this.http.get("/api/me").bearer(stayingIn).send().text("name")).isEqualTo("o-shop-stays");
		assertThat(this.http.get("/api/me").bearer(shopToken).send().text("name")).isEqualTo(USER);
		assertThat(this.http.get("/api/me").basic(USER, USER_PASSWORD).send().text("name")).isEqualTo(USER);
	}

	@Test
	void miniProgramLogoutCalledWithTheShopsJwtLeavesThatJwtWorking() {
		String shopToken = shopToken(USER, USER_PASSWORD);
		HostHttp.Response logout = this.http.post("/wx/logout").bearer(shopToken).send();
		assertThat(logout.status()).as(logout.toString()).isLessThan(500);
		HostHttp.Response me = this.http.get("/api/me").bearer(shopToken).send();
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.text("name")).isEqualTo(USER);
	}

	@Test
	void aTamperedMiniProgramTokenIsRefusedAsAnInvalidToken() {
		String token = this.miniProgram.login("o-shop-tamper");
		assertInvalidToken(this.http.get("/api/admin/report").bearer(tamper(token, "ROLE_USER", "ROLE_ADMIN")).send());
	}

	private static String tamper(String token, String from, String to) {
		String[] parts = token.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		assertThat(payload).contains(from);
		String changed = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(payload.replace(from, to).getBytes(StandardCharsets.UTF_8));
		return parts[0] + "." + changed + "." + parts[2];
	}

}
