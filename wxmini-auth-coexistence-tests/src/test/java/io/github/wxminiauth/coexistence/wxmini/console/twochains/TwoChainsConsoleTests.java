package io.github.wxminiauth.coexistence.wxmini.console.twochains;

import io.github.wxminiauth.coexistence.support.HostHttp;
import io.github.wxminiauth.coexistence.wxmini.console.ConsoleWithMiniProgramTests;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console and the mini program's API in two chains.
 */
@SpringBootTest(classes = TwoChainsConsoleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class TwoChainsConsoleTests extends ConsoleWithMiniProgramTests {

	/**
	 * The mini program's paths are the starter's chain, so a call without a token gets the
	 * contract's 401; in one chain with form login such a call is the console's, which sends it
	 * to its login page.
	 */
	@Test
	void aMiniProgramCallWithoutATokenIsAnswered401AndNotSentToTheLoginPage() {
		HostHttp.Response products = this.http.get("/api/products").header("Accept", "application/json").send();
		assertThat(products.status()).as(products.toString()).isEqualTo(401);
		assertThat(products.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(products.header("Location")).isNull();
		assertThat(products.text("error")).isEqualTo("unauthorized");
	}

}
