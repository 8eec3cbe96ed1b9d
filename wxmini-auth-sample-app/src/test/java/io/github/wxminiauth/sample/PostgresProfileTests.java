package io.github.wxminiauth.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application started with the {@code postgres} profile, over HTTP, WireMock as WeChat:
 * it creates its schema on start, and racing logins of one openid leave one row — a hundred first
 * logins, and fifty one-tap logins with the number of the account the sample creates on start (as
 * if its member had registered on the web), which all link to that account.
 * <p>
 * So that the tables are truly created rather than found from an earlier run, the connections are
 * pointed at a new, empty PostgreSQL schema of this test's own (everything else comes from
 * {@code application-postgres.properties}); the test drops it afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.simulator.enabled=false", "wxmini.rate-limit.enabled=false",
				"wxmini.app-id=" + PostgresProfileTests.APP_ID, "wxmini.app-secret=pg-race-secret",
				"sample.demo-account.phone-number=" + PostgresProfileTests.NUMBER,
				"spring.datasource.hikari.maximum-pool-size=20" })
@ActiveProfiles("postgres")
@DirtiesContext
class PostgresProfileTests {

	static final String APP_ID = "wx00000000000pgrace";

	static final String NUMBER = "13900139077";

	private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private static final String SCHEMA = "wxmini_test_"
			+ UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);

	/** The user of the codes {@code first-…}. */
	private static final String FIRST_LOGIN_OPENID = "oRacing" + UUID.randomUUID();

	/** The user of the codes {@code one-tap-…}. */
	private static final String ONE_TAP_OPENID = "oOneTap" + UUID.randomUUID();

	@RegisterExtension
	static final WireMockExtension wechat = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort())
		.build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	@BeforeAll
	static void createSchema() {
		execute("create schema " + SCHEMA);
	}

	@BeforeEach
	void stubWeChat() {
		for (String openid : List.of(FIRST_LOGIN_OPENID, ONE_TAP_OPENID)) {
			String codes = (openid.equals(FIRST_LOGIN_OPENID) ? "first" : "one-tap") + "-.*";
			wechat.stubFor(get(urlPathEqualTo("/sns/jscode2session")).withQueryParam("js_code", matching(codes))
				.willReturn(text("{\"openid\":\"" + openid + "\",\"session_key\":\"c2Vzc2lvbi1rZXktMTIzNA==\"}")));
		}
		wechat.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
			.willReturn(text("{\"access_token\":\"PG-ONE-TAP-TOKEN\",\"expires_in\":7200}")));
		// WeChat verifies a phone code only for the openid it belongs to.
		wechat.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.withRequestBody(matchingJsonPath("$.openid", equalTo(ONE_TAP_OPENID)))
			.willReturn(text("{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"" + NUMBER
					+ "\",\"purePhoneNumber\":\"" + NUMBER + "\",\"countryCode\":\"86\",\"watermark\":"
					+ "{\"timestamp\":1700000000,\"appid\":\"" + APP_ID + "\"}}}")));
	}

	private static ResponseDefinitionBuilder text(String body) {
		return aResponse().withHeader("Content-Type", "text/plain").withBody(body);
	}

	@DynamicPropertySource
	static void useTheNewSchemaAndWireMock(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.hikari.schema", () -> SCHEMA);
		registry.add("wxmini.api-base-url", wechat::baseUrl);
	}

	@AfterAll
	static void dropSchema() {
		execute("drop schema if exists " + SCHEMA + " cascade");
	}

	@Test
	void createsTheTablesOnStart() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(connection.getMetaData().getURL()).isEqualTo(URL);
			assertThat(connection.getSchema()).isEqualTo(SCHEMA);
			for (String table : List.of("wx_user", "member_account", "mini_program")) {
				try (ResultSet tables = connection.getMetaData().getTables(null, SCHEMA, table, null)) {
					assertThat(tables.next()).as("table " + table + " in schema " + SCHEMA).isTrue();
				}
			}
		}
	}

	@Test
	void oneHundredConcurrentFirstLoginsOverHttpCreateExactlyOneUser() throws Exception {
		List<JsonNode> logins = Race.run(100, (i) -> login("{\"code\":\"first-" + i + "\"}"));
		assertThat(logins).extracting((login) -> login.get("openid").stringValue()).containsOnly(FIRST_LOGIN_OPENID);
		assertThat(logins).as("logins that said they created the user")
			.filteredOn((login) -> login.get("new_user").booleanValue())
			.hasSize(1);
		assertThat(count("select count(*) from " + SCHEMA + ".wx_user where openid = ?", FIRST_LOGIN_OPENID))
			.isEqualTo(1);
	}

	@Test
	void fiftyConcurrentOneTapLoginsOverHttpCreateOneUserLinkedToTheExistingAccount() throws Exception {
		long account = accountOf(NUMBER);
		List<JsonNode> logins = Race.run(50,
				(i) -> login("{\"code\":\"one-tap-" + i + "\",\"phone_code\":\"phone-" + i + "\"}"));
		assertThat(logins).allSatisfy((login) -> {
			assertThat(login.get("openid").stringValue()).isEqualTo(ONE_TAP_OPENID);
			assertThat(login.get("new_user").booleanValue()).as("the member registered on the web").isFalse();
			assertThat(login.get("phone_bound").booleanValue()).isTrue();
			assertThat(login.get("pure_phone_number").stringValue()).isEqualTo(NUMBER);
		});
		assertThat(count("select count(*) from " + SCHEMA + ".wx_user where openid = ?", ONE_TAP_OPENID)).isEqualTo(1);
		assertThat(count("select count(*) from " + SCHEMA + ".wx_user where openid = ? and account_id = ?",
				ONE_TAP_OPENID, account))
			.isEqualTo(1);
		assertThat(count("select count(*) from " + SCHEMA + ".member_account")).as("the account created on start")
			.isEqualTo(1);
	}

	/** Logs in over HTTP, expecting 200. */
	private JsonNode login(String body) {
		HttpRequest login = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/wx/login"))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			HttpResponse<String> response = this.client.send(login, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return JsonMapper.shared().readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
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
