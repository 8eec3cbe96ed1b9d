package io.github.wxminiauth.test.demo;

import java.time.Duration;

import io.github.wxminiauth.test.wechat.WeChatApi;
import io.github.wxminiauth.test.wechat.WeChatFault;
import io.github.wxminiauth.test.wechat.WeChatSimulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WeChat misbehaving, injected through the simulator extension, gives the contract's errors;
 * and the fault leaves nothing behind: the next login succeeds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "wxmini.http.read-timeout=1s", "wxmini.http.busy-retries=2",
				"wxmini.http.busy-retry-backoff=5ms" })
class DemoWeChatFaultIntegrationTests {

	@RegisterExtension
	static final WeChatSimulatorExtension wechat = new WeChatSimulatorExtension();

	@DynamicPropertySource
	static void wechat(DynamicPropertyRegistry registry) {
		wechat.registerProperties(registry);
	}

	@LocalServerPort
	private int port;

	private DemoHttp http;

	@BeforeEach
	void setUp() {
		this.http = new DemoHttp(this.port);
	}

	@AfterEach
	void nextLoginSucceeds() {
		wechat.simulator().clearFaults();
		assertThat(this.http.login(wechat.mintLoginCode("oAfterFault").code()).status()).isEqualTo(200);
	}

	@Test
	void injected40029Answers401InvalidCode() {
		wechat.failNext(WeChatApi.CODE2SESSION, WeChatFault.errcode(40029));
		DemoHttp.Reply reply = this.http.login(wechat.mintLoginCode("oAlice").code());
		assertProblem(reply, 401, "invalid_code");
		assertThat(reply.json().path("wx_errcode").asInt()).isEqualTo(40029);
	}

	@Test
	void busyBeyondTheRetriesAnswers503WechatUnavailableWithRetryAfter() {
		wechat.failNext(WeChatApi.CODE2SESSION, 3, WeChatFault.busy());
		DemoHttp.Reply reply = this.http.login(wechat.mintLoginCode("oAlice").code());
		assertProblem(reply, 503, "wechat_unavailable");
		assertThat(reply.headers().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
		assertThat(wechat.requestCount(WeChatApi.CODE2SESSION)).as("first call and two retries").isEqualTo(3);
	}

	@Test
	void busyOnceIsRetriedAndTheLoginSucceeds() {
		wechat.failNext(WeChatApi.CODE2SESSION, WeChatFault.busy());
		assertThat(this.http.login(wechat.mintLoginCode("oAlice").code()).status()).isEqualTo(200);
		assertThat(wechat.requestCount(WeChatApi.CODE2SESSION)).isEqualTo(2);
	}

	@Test
	void rateLimitedByWeChatAnswers429() {
		wechat.failNext(WeChatApi.CODE2SESSION, WeChatFault.errcode(45011));
		DemoHttp.Reply reply = this.http.login(wechat.mintLoginCode("oAlice").code());
		assertProblem(reply, 429, "rate_limited");
		assertThat(reply.headers().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
	}

	@Test
	void blockedUserAnswers403UserBlocked() {
		wechat.failNext(WeChatApi.CODE2SESSION, WeChatFault.errcode(40226));
		assertProblem(this.http.login(wechat.mintLoginCode("oAlice").code()), 403, "user_blocked");
	}

	@Test
	void htmlPageAnswers503() {
		wechat.failNext(WeChatApi.CODE2SESSION, WeChatFault.htmlPage());
		assertProblem(this.http.login(wechat.mintLoginCode("oAlice").code()), 503, "wechat_unavailable");
	}

	@Test
	void badGatewayAnswers503() {
		wechat.failNext(WeChatApi.CODE2SESSION, WeChatFault.httpStatus(502));
		assertProblem(this.http.login(wechat.mintLoginCode("oAlice").code()), 503, "wechat_unavailable");
	}

	@Test
	void malformedBodyAnswers503() {
		wechat.failNext(WeChatApi.CODE2SESSION, WeChatFault.malformedBody());
		assertProblem(this.http.login(wechat.mintLoginCode("oAlice").code()), 503, "wechat_unavailable");
	}

	@Test
	void closedConnectionAnswers503() {
		// Twice: the client resends a read-only call once on a fresh connection
		wechat.failNext(WeChatApi.CODE2SESSION, 2, WeChatFault.closeConnection());
		assertProblem(this.http.login(wechat.mintLoginCode("oAlice").code()), 503, "wechat_unavailable");
	}

	@Test
	void replySlowerThanTheReadTimeoutAnswers503() {
		wechat.failNext(WeChatApi.CODE2SESSION, WeChatFault.delay(Duration.ofSeconds(3)));
		long start = System.nanoTime();
		assertProblem(this.http.login(wechat.mintLoginCode("oAlice").code()), 503, "wechat_unavailable");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
	}

	@Test
	void phoneNumberFaultAnswersThePhoneStepsError() {
		DemoHttp.Reply login = this.http.login(wechat.mintLoginCode("oAlice").code());
		wechat.failNext(WeChatApi.GET_USER_PHONE_NUMBER, WeChatFault.errcode(40029));
		DemoHttp.Reply phone = this.http.send(HttpMethod.POST, "/wx/phone", login.text("access_token"),
				"{\"code\":\"" + wechat.mintPhoneCode("13800138000") + "\"}");
		assertProblem(phone, 401, "invalid_code");
	}

	private static void assertProblem(DemoHttp.Reply reply, int status, String error) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(status);
		assertThat(reply.headers().getContentType()).isNotNull()
			.satisfies((type) -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
		assertThat(reply.text("error")).isEqualTo(error);
	}

}
