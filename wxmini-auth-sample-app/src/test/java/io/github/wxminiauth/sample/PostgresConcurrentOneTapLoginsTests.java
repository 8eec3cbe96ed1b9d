package io.github.wxminiauth.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fifty one-tap phone logins of one openid, over HTTP at once, against the sample on PostgreSQL,
 * with the number of an account the sample created on start (as if its member had registered on
 * the web): every one is answered 200 with the number, none says it created a user, and the table
 * holds exactly one row of the openid, linked to that account. The schema is the test's own,
 * created empty and dropped afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.simulator.enabled=false", "wxmini.rate-limit.enabled=false",
				"wxmini.app-id=" + PostgresConcurrentOneTapLoginsTests.APP_ID, "wxmini.app-secret=pg-one-tap-secret",
				"sample.demo-account.phone-number=" + PostgresConcurrentOneTapLoginsTests.NUMBER,
				"spring.datasource.hikari.maximum-pool-size=20" })
@ActiveProfiles("postgres")
@DirtiesContext
class PostgresConcurrentOneTapLoginsTests {

	static final String APP_ID = "wx000000000pgonetap";

	static final String NUMBER = "13900139077";

	private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private static final String SCHEMA = "wxmini_onetap_"
			+ UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);

	private static final String OPENID = "oOneTap" + UUID.randomUUID();

	private static final int LOGINS = 50;

	private static final WireMockServer wechat = startWeChat();

	@LocalServerPort
	private int port;

	private static WireMockServer startWeChat() {
		execute("create schema " + SCHEMA);
		WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
		server.start();
		server.stubFor(get(urlPathEqualTo("/sns/jscode2session")).willReturn(text(
				"{\"openid\":\"" + OPENID + "\",\"session_key\":\"c2Vzc2lvbi1rZXktMTIzNA==\"}")));
		server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
			.willReturn(text("{\"access_token\":\"PG-ONE-TAP-TOKEN\",\"expires_in\":7200}")));
		// WeChat verifies a phone code only for the openid it belongs to.
		server.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.withRequestBody(matchingJsonPath("$.openid", equalTo(OPENID)))
			.willReturn(text("{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"" + NUMBER
					+ "\",\"purePhoneNumber\":\"" + NUMBER + "\",\"countryCode\":\"86\",\"watermark\":"
					+ "{\"timestamp\":1700000000,\"appid\":\"" + APP_ID + "\"}}}")));
		return server;
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder text(String body) {
		return aResponse().withHeader("Content-Type", "text/plain").withBody(body);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.hikari.schema", () -> SCHEMA);
		registry.add("wxmini.api-base-url", wechat::baseUrl);
	}

	@AfterAll
	static void cleanUp() {
		wechat.stop();
		execute("drop schema if exists " + SCHEMA + " cascade");
	}

	@Test
	void fiftyConcurrentOneTapLoginsOverHttpCreateOneUserLinkedToTheExistingAccount() throws Exception {
		long account = accountOf(NUMBER);
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(LOGINS);
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < LOGINS; i++) {
				HttpRequest login = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/wx/login"))
					.header("Content-Type", "application/json")
					.timeout(Duration.ofSeconds(60))
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"code\":\"race-" + i + "\",\"phone_code\":\"phone-" + i + "\"}"))
					.build();
				answers.add(executor.submit(() -> {
					start.await();
					return client.send(login, HttpResponse.BodyHandlers.ofString());
				}));
			}
			start.countDown();
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get(90, TimeUnit.SECONDS);
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				JsonNode body = JsonMapper.shared().readTree(response.body());
				assertThat(body.get("openid").stringValue()).isEqualTo(OPENID);
				assertThat(body.get("new_user").booleanValue()).as("the member registered on the web").isFalse();
				assertThat(body.get("phone_bound").booleanValue()).isTrue();
				assertThat(body.get("pure_phone_number").stringValue()).isEqualTo(NUMBER);
			}
			assertThat(count("select count(*) from " + SCHEMA + ".wx_user where openid = ?", OPENID)).isEqualTo(1);
			assertThat(count("select count(*) from " + SCHEMA + ".wx_user where openid = ? and account_id = ?", OPENID,
					account))
				.isEqualTo(1);
			assertThat(count("select count(*) from " + SCHEMA + ".member_account")).as("the account created on start")
				.isEqualTo(1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static long accountOf(String number) throws SQLException {
		try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
				PreparedStatement query = connection.prepareStatement(
						"select id from " + SCHEMA + ".member_account where country_code = '86' and pure_phone_number = ?")) {
			query.setString(1, number);
			try (ResultSet rows = query.executeQuery()) {
				assertThat(rows.next()).as("the demo account exists").isTrue();
				return rows.getLong(1);
			}
		}
	}

	private static int count(String sql, Object... parameters) throws SQLException {
		try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
				PreparedStatement count = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				count.setObject(i + 1, parameters[i]);
			}
			try (ResultSet rows = count.executeQuery()) {
				rows.next();
				return rows.getInt(1);
			}
		}
	}

	private static void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on " + URL, ex);
		}
	}

}
