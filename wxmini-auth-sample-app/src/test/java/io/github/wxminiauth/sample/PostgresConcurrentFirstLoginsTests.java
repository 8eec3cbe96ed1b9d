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
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One hundred first logins of one openid, over HTTP at once, against the sample on PostgreSQL:
 * every one is answered 200, exactly one says it created the user, and the table holds exactly one
 * row. The schema is the test's own, created empty and dropped afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.simulator.enabled=false", "wxmini.rate-limit.enabled=false",
				"wxmini.app-id=wx00000000000pgrace", "wxmini.app-secret=pg-race-secret",
				"spring.datasource.hikari.maximum-pool-size=20" })
@ActiveProfiles("postgres")
@DirtiesContext
class PostgresConcurrentFirstLoginsTests {

	private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private static final String SCHEMA = "wxmini_race_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);

	private static final String OPENID = "oRacing" + UUID.randomUUID();

	private static final int LOGINS = 100;

	private static final WireMockServer wechat = startWeChat();

	@LocalServerPort
	private int port;

	private static WireMockServer startWeChat() {
		execute("create schema " + SCHEMA);
		WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
		server.start();
		server.stubFor(get(urlPathEqualTo("/sns/jscode2session")).willReturn(aResponse()
			.withHeader("Content-Type", "text/plain")
			.withBody("{\"openid\":\"" + OPENID + "\",\"session_key\":\"c2Vzc2lvbi1rZXktMTIzNA==\"}")));
		return server;
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
	void oneHundredConcurrentFirstLoginsOverHttpCreateExactlyOneUser() throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(LOGINS);
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < LOGINS; i++) {
				HttpRequest login = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/wx/login"))
					.header("Content-Type", "application/json")
					.timeout(Duration.ofSeconds(60))
					.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"race-" + i + "\"}"))
					.build();
				answers.add(executor.submit(() -> {
					start.await();
					return client.send(login, HttpResponse.BodyHandlers.ofString());
				}));
			}
			start.countDown();
			int created = 0;
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get(90, TimeUnit.SECONDS);
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				JsonNode body = JsonMapper.shared().readTree(response.body());
				assertThat(body.get("openid").stringValue()).isEqualTo(OPENID);
				if (body.get("new_user").booleanValue()) {
					created++;
				}
			}
			assertThat(created).as("logins that said they created the user").isEqualTo(1);
			assertThat(rowsOf(OPENID)).as("rows of the openid in " + SCHEMA + ".wx_user").isEqualTo(1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static int rowsOf(String openid) throws SQLException {
		try (Connection connection = DriverManager.getConnection(URL, "postgres", "");
				PreparedStatement count = connection
					.prepareStatement("select count(*) from " + SCHEMA + ".wx_user where openid = ?")) {
			count.setString(1, openid);
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
