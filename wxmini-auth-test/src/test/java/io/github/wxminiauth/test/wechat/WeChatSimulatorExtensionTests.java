package io.github.wxminiauth.test.wechat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Flow;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The simulator over real HTTP, as {@link WeChatSimulatorExtension} serves it. The test methods
 * rely on the extension dropping faults between tests: none of them cleans up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WeChatSimulatorExtensionTests {

	@RegisterExtension
	static final WeChatSimulatorExtension wechat = new WeChatSimulatorExtension();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void servesOnALoopbackAddress() {
		assertThat(wechat.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+|http://\\[::1\\]:\\d+");
	}

	@Test
	void answersCode2SessionAsWeChatDoesWithJsonAsTextPlain() throws Exception {
		String code = wechat.mintLoginCode("oAlice").code();
		HttpResponse<String> reply = get(code2SessionPath(code));
		assertThat(reply.statusCode()).isEqualTo(200);
		assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain"));
		assertThat(reply.body()).contains("\"openid\":\"oAlice\"", "\"session_key\"");
		assertThat(get(code2SessionPath(code)).body()).contains("\"errcode\":40163");
		assertThat(wechat.requestCount(WeChatApi.CODE2SESSION)).isEqualTo(2);
	}

	@Test
	void readsAChunkedBody() throws Exception {
		String json = "{\"grant_type\":\"client_credential\",\"appid\":\"" + WeChatSimulator.APP_ID
				+ "\",\"secret\":\"" + WeChatSimulator.APP_SECRET + "\"}";
		// A body publisher of unknown length makes the client send it chunked
		HttpRequest.BodyPublisher unknownLength = new HttpRequest.BodyPublisher() {

			private final HttpRequest.BodyPublisher delegate = HttpRequest.BodyPublishers.ofString(json);

			@Override
			public long contentLength() {
				return -1;
			}

			@Override
			public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
				this.delegate.subscribe(subscriber);
			}

		};
		HttpResponse<String> reply = this.http.send(HttpRequest.newBuilder(URI.create(wechat.baseUrl()
				+ "/cgi-bin/stable_token")).POST(unknownLength).header("Content-Type", "application/json").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(reply.body()).contains("\"access_token\"", "\"expires_in\":7200");
	}

	@Test
	void unknownPathIs404() throws Exception {
		assertThat(get("/cgi-bin/token?grant_type=client_credential").statusCode()).isEqualTo(404);
	}

	@Test
	void closedConnectionFaultAnswersNothing() {
		// Twice: the JDK's client, like the starter's, resends a GET once on a fresh connection
		wechat.failNext(WeChatApi.CODE2SESSION, 2, WeChatFault.closeConnection());
		assertThatIOException().isThrownBy(() -> get(code2SessionPath("x")));
		assertThat(wechat.requestCount(WeChatApi.CODE2SESSION)).isEqualTo(2);
	}

	@Test
	void delayedReplyOutlastsAShortTimeout() {
		wechat.failNext(WeChatApi.CODE2SESSION, WeChatFault.delay(Duration.ofSeconds(2)));
		HttpRequest request = HttpRequest.newBuilder(URI.create(wechat.baseUrl() + code2SessionPath("x")))
			.timeout(Duration.ofMillis(300))
			.build();
		assertThatIOException().isThrownBy(() -> this.http.send(request, HttpResponse.BodyHandlers.ofString()));
	}

	@Test
	void badGatewayFaultAnswersItsStatus() throws Exception {
		wechat.failNext(WeChatApi.CODE2SESSION, WeChatFault.httpStatus(502));
		HttpResponse<String> reply = get(code2SessionPath("x"));
		assertThat(reply.statusCode()).isEqualTo(502);
		assertThat(reply.body()).contains("<html>");
	}

	@Test
	@Order(1)
	void leavesFaultsAndACountBehind() throws Exception {
		wechat.failNext(WeChatApi.CODE2SESSION, 5, WeChatFault.busy());
		assertThat(get(code2SessionPath("x")).body()).contains("\"errcode\":-1");
	}

	@Test
	@Order(2)
	void faultsAndCountsOfEarlierTestsAreGone() throws Exception {
		assertThat(wechat.requestCount(WeChatApi.CODE2SESSION)).isZero();
		assertThat(get(code2SessionPath("x")).body()).contains("\"errcode\":40029");
	}

	private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + pathAndQuery)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static String code2SessionPath(String code) {
		return "/sns/jscode2session?appid=" + WeChatSimulator.APP_ID + "&secret=" + WeChatSimulator.APP_SECRET
				+ "&js_code=" + code + "&grant_type=authorization_code";
	}

}
