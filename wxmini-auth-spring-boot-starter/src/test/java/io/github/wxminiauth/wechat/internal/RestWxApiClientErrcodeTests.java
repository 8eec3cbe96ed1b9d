package io.github.wxminiauth.wechat.internal;

import java.time.Duration;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.wxminiauth.wechat.WxApiException;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxInvalidAccessTokenException;
import io.github.wxminiauth.wechat.WxInvalidCodeException;
import io.github.wxminiauth.wechat.WxMisconfiguredException;
import io.github.wxminiauth.wechat.WxRateLimitedException;
import io.github.wxminiauth.wechat.WxUnavailableException;
import io.github.wxminiauth.wechat.WxUserBlockedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests that {@link RestWxApiClient} turns each WeChat errcode into the right exception.
 */
class RestWxApiClientErrcodeTests {

	private static final WxApp APP = new WxApp("default", "wx0123456789abcdef", "app-secret-0123456789");

	private static final WireMockServer wireMock = new WireMockServer(wireMockConfig().dynamicPort());

	private static RestWxApiClient client;

	@BeforeAll
	static void start() {
		wireMock.start();
		client = RestWxApiClient.builder(JsonMapper.builder().build())
			.baseUrl(wireMock.baseUrl())
			.busyRetries(1)
			.busyRetryBackoff(Duration.ofMillis(1))
			.build();
	}

	@AfterAll
	static void stop() {
		client.close();
		wireMock.stop();
	}

	@BeforeEach
	void reset() {
		wireMock.resetAll();
	}

	static Stream<Arguments> code2SessionErrcodes() {
		return Stream.of(Arguments.of(40029, WxInvalidCodeException.class),
				Arguments.of(40163, WxInvalidCodeException.class), Arguments.of(40226, WxUserBlockedException.class),
				Arguments.of(45011, WxRateLimitedException.class), Arguments.of(45009, WxRateLimitedException.class),
				Arguments.of(-1, WxUnavailableException.class), Arguments.of(40013, WxMisconfiguredException.class),
				Arguments.of(40125, WxMisconfiguredException.class),
				Arguments.of(41002, WxMisconfiguredException.class),
				Arguments.of(41004, WxMisconfiguredException.class),
				Arguments.of(41008, WxMisconfiguredException.class),
				Arguments.of(40164, WxMisconfiguredException.class),
				Arguments.of(40002, WxMisconfiguredException.class),
				Arguments.of(43002, WxMisconfiguredException.class),
				Arguments.of(40001, WxInvalidAccessTokenException.class),
				Arguments.of(42001, WxInvalidAccessTokenException.class),
				Arguments.of(40014, WxInvalidAccessTokenException.class),
				Arguments.of(99999, WxUnavailableException.class), Arguments.of(1, WxUnavailableException.class));
	}

	@ParameterizedTest(name = "errcode {0} -> {1}")
	@MethodSource("code2SessionErrcodes")
	void code2SessionErrcodeMapsToException(int errcode, Class<? extends WxApiException> expected) {
		stubError(get(urlPathEqualTo("/sns/jscode2session")), errcode);
		assertFailure(() -> client.code2Session(APP, "the-code"), "code2Session", errcode, expected);
	}

	static Stream<Arguments> stableTokenErrcodes() {
		return Stream.of(Arguments.of(-1, WxUnavailableException.class),
				Arguments.of(40002, WxMisconfiguredException.class),
				Arguments.of(40013, WxMisconfiguredException.class),
				Arguments.of(40125, WxMisconfiguredException.class),
				Arguments.of(40164, WxMisconfiguredException.class),
				Arguments.of(41002, WxMisconfiguredException.class),
				Arguments.of(41004, WxMisconfiguredException.class),
				Arguments.of(43002, WxMisconfiguredException.class), Arguments.of(45009, WxRateLimitedException.class),
				Arguments.of(45011, WxRateLimitedException.class));
	}

	@ParameterizedTest(name = "errcode {0} -> {1}")
	@MethodSource("stableTokenErrcodes")
	void stableTokenErrcodeMapsToException(int errcode, Class<? extends WxApiException> expected) {
		stubError(post(urlPathEqualTo("/cgi-bin/stable_token")), errcode);
		assertFailure(() -> client.fetchStableAccessToken(APP), "stable_token", errcode, expected);
	}

	static Stream<Arguments> phoneNumberErrcodes() {
		return Stream.of(Arguments.of(-1, WxUnavailableException.class),
				Arguments.of(40029, WxInvalidCodeException.class), Arguments.of(45011, WxRateLimitedException.class),
				Arguments.of(40013, WxMisconfiguredException.class),
				Arguments.of(40001, WxInvalidAccessTokenException.class),
				Arguments.of(42001, WxInvalidAccessTokenException.class),
				Arguments.of(40014, WxInvalidAccessTokenException.class));
	}

	@ParameterizedTest(name = "errcode {0} -> {1}")
	@MethodSource("phoneNumberErrcodes")
	void phoneNumberErrcodeMapsToException(int errcode, Class<? extends WxApiException> expected) {
		stubError(post(urlPathEqualTo("/wxa/business/getuserphonenumber")), errcode);
		assertFailure(() -> client.getPhoneNumber(APP, "the-token", "phone-code", "o-user"), "getuserphonenumber",
				errcode, expected);
	}

	private void stubError(com.github.tomakehurst.wiremock.client.MappingBuilder request, int errcode) {
		wireMock.stubFor(request.willReturn(aResponse().withHeader("Content-Type", "text/plain")
			.withBody("{\"errcode\":" + errcode + ",\"errmsg\":\"error " + errcode + ", rid: 6f1a\"}")));
	}

	private void assertFailure(Executable call, String api, int errcode, Class<? extends WxApiException> expected) {
		Throwable failure = catchThrowable(call::execute);
		assertThat(failure).isExactlyInstanceOf(expected);
		WxApiException ex = (WxApiException) failure;
		assertThat(ex.getErrcode()).isEqualTo(errcode);
		assertThat(ex.getApi()).isEqualTo(api);
		assertThat(ex.getMessage()).contains(api).contains(String.valueOf(errcode)).contains("rid: 6f1a");
	}

}
