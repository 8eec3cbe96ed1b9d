package io.github.wxminiauth.sample.simulator;

import java.net.http.HttpClient;

import io.github.wxminiauth.sample.SampleApplication;
import io.github.wxminiauth.test.wechat.WeChatSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The sample started for a real mini program: its simulator, which mints a login code for any
 * openid, must not let anyone log in as anyone.
 */
class SimulatorForRealMiniProgramTests {

	private static final String REAL_APP_ID = "wx1234567890abcdef";

	private static final String[] REAL_APP = { "--wxmini.app-id=" + REAL_APP_ID,
			"--wxmini.app-secret=0123456789abcdef0123456789abcdef", "--server.port=0", "--spring.jmx.enabled=false",
			"--spring.datasource.url=jdbc:h2:mem:sample-real-app;DB_CLOSE_DELAY=-1", "--sample.admin-openids=oAdmin" };

	@Test
	void withAnotherAppIdTheSimulatorIsOffAndMintsNoCode() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.run(REAL_APP)) {
			assertThat(context.getBeansOfType(WeChatSimulator.class)).isEmpty();
			assertThat(context.getEnvironment().getProperty("wxmini.api-base-url"))
				.as("the starter talks to WeChat").isNull();
			ResponseEntity<String> mint = http(context).post()
				.uri("/simulator/codes/login")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"openid\":\"oAdmin\"}")
				.retrieve()
				.toEntity(String.class);
			assertThat(mint.getStatusCode().value()).isEqualTo(404);
			assertThat(mint.getBody()).doesNotContain("\"code\"");
		}
	}

	@Test
	void enablingTheSimulatorWithAnotherAppIdFailsStartUpWithAClearMessage() {
		String[] args = new String[REAL_APP.length + 1];
		System.arraycopy(REAL_APP, 0, args, 0, REAL_APP.length);
		args[REAL_APP.length] = "--sample.simulator.enabled=true";
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(SampleApplication.class).run(args).close())
			.withMessageContaining("sample.simulator.enabled=true")
			.withMessageContaining(REAL_APP_ID)
			.withMessageContaining("never stands in for a real mini program");
	}

	private static RestClient http(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.requestFactory(new JdkClientHttpRequestFactory(HttpClient.newHttpClient()))
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

}
