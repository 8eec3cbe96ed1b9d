package io.github.wxminiauth.coexistence.wxmini.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.wxminiauth.coexistence.console.ConsoleTests;
import io.github.wxminiauth.coexistence.support.HostHttp;
import io.github.wxminiauth.coexistence.support.MiniProgram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console with the mini program's API added: every test of {@link ConsoleTests} (inherited,
 * unchanged), and the mini program logging in and calling its API with its token, never with a
 * session, next to the operators and their sessions. Each way to wire it has its own subclass.
 */
public abstract class ConsoleWithMiniProgramTests extends ConsoleTests {

	private MiniProgram miniProgram;

	@BeforeEach
	void openMiniProgram() {
		this.miniProgram = new MiniProgram(this.http);
	}

	@Test
	void theMiniProgramLogsInWithoutACsrfTokenAndGetsNoSession() {
		HostHttp.Response login = this.miniProgram.loginResponse("o-console-login");
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertThat(login.text("access_token")).isNotBlank();
		assertThat(login.setCookies()).noneMatch((cookie) -> cookie.startsWith("JSESSIONID="));
	}

	@Test
	void theMiniProgramCallsItsApiWithItsTokenAndNeverGetsASession() {
		String token = this.miniProgram.login("o-console-api");
		HostHttp.Response products = this.http.get("/api/products")
			.header("Accept", "application/json")
			.bearer(token)
			.send();
		assertThat(products.status()).as(products.toString()).isEqualTo(200);
		assertThat(products.text("customer")).isEqualTo("o-console-api");
		HostHttp.Response cart = this.http.post("/api/cart/items").json("{\"product\":\"龙井茶\"}").bearer(token).send();
		assertThat(cart.status()).as(cart.toString()).isEqualTo(200);
		assertThat(cart.text("added")).isEqualTo("龙井茶");
		HostHttp.Response logout = this.http.post("/wx/logout").bearer(token).send();
		assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
		for (HostHttp.Response response : new HostHttp.Response[] { products, cart, logout }) {
			assertThat(response.setCookies()).noneMatch((cookie) -> cookie.startsWith("JSESSIONID="));
		}
	}

	@Test
	void anOperatorsSessionAndAMiniProgramsTokenLiveSideBySide() {
		String session = logIn();
		String token = this.miniProgram.login("o-console-side-by-side");
		assertThat(this.http.get("/console").browser().session(session).send().status()).isEqualTo(200);
		assertThat(this.http.get("/api/products").bearer(token).send().status()).isEqualTo(200);

		assertThat(this.http.post("/wx/logout").bearer(token).send().status()).isEqualTo(204);

		HostHttp.Response page = this.http.get("/console").browser().session(session).send();
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		assertThat(page.body()).contains("Hello, operator");
		assertThat(this.http.get("/api/products").bearer(token).send().status()).isEqualTo(401);
	}

	@Test
	void aBearerTokenOfAnotherIssuerLeavesTheOperatorsSessionAlone() throws GeneralSecurityException {
		String session = logIn();
		HostHttp.Response page = this.http.get("/console")
			.browser()
			.session(session)
			.bearer(tokenOfAnotherIssuer())
			.send();
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		assertThat(page.body()).contains("Hello, operator");
	}

	@Test
	void aBearerTokenOfAnotherIssuerDoesNotExemptTheOperatorsFormPostsFromCsrf() throws GeneralSecurityException {
		String session = logIn();
		HostHttp.Response post = this.http.post("/console/notices")
			.browser()
			.session(session)
			.bearer(tokenOfAnotherIssuer())
			.form(Map.of("text", "没有令牌"))
			.send();
		assertThat(post.status()).as(post.toString()).isEqualTo(403);
		assertThat(post.body()).doesNotContain("Published");
	}

	/**
	 * A JWT of the group's single sign-on, which the console's pages do not use but a browser
	 * extension or a proxy may send along.
	 */
	private static String tokenOfAnotherIssuer() throws GeneralSecurityException {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		long now = System.currentTimeMillis() / 1000;
		String claims = base64.encodeToString(("{\"iss\":\"https://sso.example.cn\",\"sub\":\"operator\",\"iat\":" + now
				+ ",\"exp\":" + (now + 600) + "}")
			.getBytes(StandardCharsets.UTF_8));
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec("the-single-sign-on-secret-of-32-bytes!".getBytes(StandardCharsets.UTF_8),
				"HmacSHA256"));
		String signature = base64.encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII)));
		return header + "." + claims + "." + signature;
	}

}
