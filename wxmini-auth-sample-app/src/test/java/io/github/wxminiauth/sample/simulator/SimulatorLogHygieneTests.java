package io.github.wxminiauth.sample.simulator;

import java.net.http.HttpClient;

import io.github.wxminiauth.test.wechat.WeChatRequest;
import io.github.wxminiauth.test.wechat.WeChatSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample with its built-in simulator and everything logged at DEBUG: the simulator's
 * traffic, which carries the AppSecret, session keys and WeChat's access token, leaves none of
 * them in the log. The starter's own HTTP client is set to INFO: its wire logging is the
 * starter's to keep quiet, and would print the same requests from the other end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "logging.level.root=DEBUG", "logging.level.org.apache.hc=INFO", "sample.admin-openids=",
				"wxmini.rate-limit.enabled=false",
				"spring.datasource.url=jdbc:h2:mem:sample-log-hygiene;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000" })
@ExtendWith(OutputCaptureExtension.class)
class SimulatorLogHygieneTests {

	private static final int PORT = TestSocketUtils.findAvailableTcpPort();

	private final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private WeChatSimulator simulator;

	@DynamicPropertySource
	static void serverPort(DynamicPropertyRegistry registry) {
		// The simulator is reached through the application's own port, so that port must be known
		registry.add("server.port", () -> PORT);
	}

	@Test
	void loginAndPhoneBindingThroughTheSimulatorLogNoSecretSessionKeyOrWeChatToken(CapturedOutput output) {
		RestClient http = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + PORT)
			.requestFactory(new JdkClientHttpRequestFactory(HttpClient.newHttpClient()))
			.build();
		String code = post(http, "/simulator/codes/login", null, "{\"openid\":\"oLogHygiene\"}").get("code")
			.stringValue();
		String accessToken = post(http, "/wx/login", null, "{\"code\":\"" + code + "\"}").get("access_token")
			.stringValue();
		String phoneCode = post(http, "/simulator/codes/phone", null, "{\"phone_number\":\"13800138000\"}")
			.get("code")
			.stringValue();
		assertThat(post(http, "/wx/phone", accessToken, "{\"code\":\"" + phoneCode + "\"}").get("pure_phone_number")
			.stringValue()).isEqualTo("13800138000");
		String sessionKey = this.simulator.sessionKey("oLogHygiene");
		assertThat(sessionKey).isNotBlank();
		assertThat(output.getAll()).as("DEBUG is on").contains(" DEBUG ")
			.doesNotContain(WeChatSimulator.APP_SECRET)
			.doesNotContain(sessionKey)
			.doesNotContain(weChatAccessToken());
	}

	/**
	 * The token the application was given: the simulator hands out the same one until it nears
	 * expiry.
	 */
	private String weChatAccessToken() {
		String body = "{\"grant_type\":\"client_credential\",\"appid\":\"" + WeChatSimulator.APP_ID + "\",\"secret\":\""
				+ WeChatSimulator.APP_SECRET + "\"}";
		String token = this.json
			.readTree(this.simulator.handle(WeChatRequest.of("POST", "/cgi-bin/stable_token", null, body)).body())
			.get("access_token")
			.stringValue();
		assertThat(token).isNotBlank();
		return token;
	}

	private JsonNode post(RestClient http, String path, String accessToken, String body) {
		RestClient.RequestBodySpec request = http.post().uri(path).contentType(MediaType.APPLICATION_JSON);
		if (accessToken != null) {
			request.headers((headers) -> headers.setBearerAuth(accessToken));
		}
		ResponseEntity<String> response = request.body(body).retrieve().toEntity(String.class);
		assertThat(response.getStatusCode().value()).isEqualTo(200);
		return this.json.readTree(response.getBody());
	}

}
