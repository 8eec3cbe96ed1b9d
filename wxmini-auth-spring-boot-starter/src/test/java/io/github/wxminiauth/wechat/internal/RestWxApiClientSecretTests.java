package io.github.wxminiauth.wechat.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.wxminiauth.wechat.WxApiException;
import io.github.wxminiauth.wechat.WxApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that no secret leaves {@link RestWxApiClient}: not in exception messages or causes, not in
 * {@code toString()}, not in its debug log.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestWxApiClientSecretTests {

	private static final String SECRET = "S3cr3t-AppSecret-7f0c2a";

	private static final String TOKEN = "AcCeSs-ToKeN-91be44";

	private static final String SESSION_KEY = "SeSsIoN-KeY-5d2e80==";

	private static final String CODE = "UsEr-CoDe-0a9b71";

	private static final WxApp APP = new WxApp("default", "wx0123456789abcdef", SECRET);

	private static final String PACKAGE = "io.github.wxminiauth.wechat";

	private final LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());

	private final WireMockServer wireMock = new WireMockServer(wireMockConfig().dynamicPort());

	private final List<Object> outcomes = new ArrayList<>();

	private RestWxApiClient client;

	private LogLevel rootLevel;

	@BeforeEach
	void start() {
		this.rootLevel = this.loggingSystem.getLoggerConfiguration(LoggingSystem.ROOT_LOGGER_NAME).getConfiguredLevel();
		// Only this client's own debug output: HttpClient's wire log would show the request line.
		this.loggingSystem.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
		this.loggingSystem.setLogLevel(PACKAGE, LogLevel.DEBUG);
		this.wireMock.start();
		this.client = RestWxApiClient.builder(JsonMapper.builder().build())
			.baseUrl(this.wireMock.baseUrl())
			.readTimeout(Duration.ofMillis(300))
			.busyRetries(1)
			.busyRetryBackoff(Duration.ofMillis(1))
			.build();
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.wireMock.stop();
		this.loggingSystem.setLogLevel(PACKAGE, null);
		this.loggingSystem.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, this.rootLevel);
	}

	@Test
	void noSecretAppearsInResultsExceptionsOrLogs(CapturedOutput output) {
		code2SessionScenarios();
		stableTokenScenarios();
		phoneNumberScenarios();
		assertThat(this.outcomes).hasSize(16);
		for (Object outcome : this.outcomes) {
			assertNoSecret(outcome);
		}
		assertThat(output.getAll()).contains("code2Session", "stable_token", "getuserphonenumber", APP.appId())
			.doesNotContain(SECRET, TOKEN, SESSION_KEY, CODE);
	}

	@Test
	void errmsgEchoingSecretsIsMaskedAndTruncated() {
		stubCode2Session(aResponse().withBody("{\"errcode\":40125,\"errmsg\":\"invalid appsecret " + SECRET
				+ " for code " + CODE + " " + "x".repeat(500) + "\"}"));
		WxApiException ex = (WxApiException) call(() -> this.client.code2Session(APP, CODE));
		assertThat(ex.getMessage()).contains("invalid appsecret ******").contains("for code ******")
			.hasSizeLessThan(200);
	}

	private void code2SessionScenarios() {
		stubCode2Session(aResponse().withHeader("Content-Type", "text/plain")
			.withBody("{\"openid\":\"o-user\",\"session_key\":\"" + SESSION_KEY + "\",\"unionid\":\"u-user\"}"));
		record(() -> this.client.code2Session(APP, CODE));
		stubCode2Session(aResponse().withBody("{\"errcode\":40125,\"errmsg\":\"invalid appsecret " + SECRET
				+ ", code " + CODE + "\"}"));
		record(() -> this.client.code2Session(APP, CODE));
		stubCode2Session(aResponse().withBody("{\"errcode\":-1,\"errmsg\":\"busy " + SECRET + "\"}"));
		record(() -> this.client.code2Session(APP, CODE));
		stubCode2Session(aResponse().withStatus(500).withBody("secret=" + SECRET));
		record(() -> this.client.code2Session(APP, CODE));
		stubCode2Session(aResponse().withBody("{\"session_key\":\"" + SESSION_KEY + "\",\"secret\":\"" + SECRET));
		record(() -> this.client.code2Session(APP, CODE));
		stubCode2Session(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		record(() -> this.client.code2Session(APP, CODE));
		stubCode2Session(aResponse().withFault(Fault.EMPTY_RESPONSE));
		record(() -> this.client.code2Session(APP, CODE));
		stubCode2Session(aResponse().withFixedDelay(2000).withBody("{}"));
		record(() -> this.client.code2Session(APP, CODE));
	}

	private void stableTokenScenarios() {
		stubStableToken("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":7200}");
		record(() -> this.client.fetchStableAccessToken(APP));
		stubStableToken("{\"errcode\":40013,\"errmsg\":\"invalid appid, secret " + SECRET + "\"}");
		record(() -> this.client.fetchStableAccessToken(APP));
		stubStableToken("{\"access_token\":\"" + TOKEN + "\",");
		record(() -> this.client.fetchStableAccessToken(APP));
	}

	private void phoneNumberScenarios() {
		stubPhone(aResponse().withBody("{\"errcode\":0,\"phone_info\":{\"phoneNumber\":\"13800138000\","
				+ "\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"86\","
				+ "\"watermark\":{\"appid\":\"" + APP.appId() + "\"}}}"));
		record(() -> this.client.getPhoneNumber(APP, TOKEN, CODE, "o-user"));
		stubPhone(aResponse().withBody("{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is "
				+ TOKEN + "\"}"));
		record(() -> this.client.getPhoneNumber(APP, TOKEN, CODE, "o-user"));
		stubPhone(aResponse().withBody("{\"errcode\":40029,\"errmsg\":\"invalid code " + CODE + "\"}"));
		record(() -> this.client.getPhoneNumber(APP, TOKEN, CODE, "o-user"));
		stubPhone(aResponse().withStatus(502));
		record(() -> this.client.getPhoneNumber(APP, TOKEN, CODE, "o-user"));
		stubPhone(aResponse().withFixedDelay(2000).withBody("{}"));
		record(() -> this.client.getPhoneNumber(APP, TOKEN, CODE, "o-user"));
	}

	private void stubCode2Session(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
		this.wireMock.stubFor(get(urlPathEqualTo("/sns/jscode2session")).willReturn(response));
	}

	private void stubStableToken(String body) {
		this.wireMock.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token")).willReturn(aResponse().withBody(body)));
	}

	private void stubPhone(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
		this.wireMock.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber")).willReturn(response));
	}

	private void record(Supplier<Object> call) {
		this.outcomes.add(call(call));
	}

	private Object call(Supplier<Object> call) {
		try {
			return call.get();
		}
		catch (WxApiException ex) {
			return ex;
		}
	}

	private void assertNoSecret(Object outcome) {
		assertThat(outcome.toString()).doesNotContain(SECRET, TOKEN, SESSION_KEY, CODE);
		if (outcome instanceof Throwable throwable) {
			for (Throwable current = throwable; current != null; current = current.getCause()) {
				assertThat(String.valueOf(current.getMessage())).doesNotContain(SECRET, TOKEN, SESSION_KEY, CODE);
				assertThat(current.toString()).doesNotContain(SECRET, TOKEN, SESSION_KEY, CODE);
			}
		}
	}

}
