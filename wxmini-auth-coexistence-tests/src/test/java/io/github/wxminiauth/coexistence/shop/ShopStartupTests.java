package io.github.wxminiauth.coexistence.shop;

import io.github.wxminiauth.coexistence.support.HostHttp;
import io.github.wxminiauth.coexistence.support.WeChat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop starting up: who configures the global {@code AuthenticationManager}, and that its
 * chain, which was not told about the mini program, serves none of it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShopStartupTests {

	@Test
	void theShopsUserDetailsServiceConfiguresTheGlobalAuthenticationManager(CapturedOutput output) {
		try (ConfigurableApplicationContext shop = start()) {
			assertThat(output)
				.contains("Global AuthenticationManager configured with UserDetailsService bean with name shopUsers")
				.doesNotContain("Global AuthenticationManager configured with AuthenticationProvider bean")
				.doesNotContain("UserDetailsService beans will not be used");
		}
	}

	@Test
	void aChainThatWasNotToldAboutTheMiniProgramServesNoMiniProgramLogin() {
		try (ConfigurableApplicationContext shop = start()) {
			HostHttp http = new HostHttp(((WebServerApplicationContext) shop).getWebServer().getPort());
			String code = WeChat.loginCode("o-not-in-the-chain");
			HostHttp.Response login = http.post("/wx/login").json("{\"code\":\"" + code + "\"}").send();
			assertThat(login.status()).isEqualTo(401);
			assertThat(login.body()).doesNotContain("access_token");
			assertThat(WeChat.exchangesOf(code)).isZero();
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(ShopApplication.class)
			.properties("server.port=0", "wxmini.api-base-url=" + WeChat.baseUrl())
			.run();
	}

}
