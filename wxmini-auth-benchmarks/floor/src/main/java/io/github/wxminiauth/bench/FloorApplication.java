package io.github.wxminiauth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.metrics.jfr.FlightRecorderApplicationStartup;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The floor: the least work any implementation of the login must do. No Spring Security: the
 * login reads the code, calls code2Session once and answers the openid. The WeChat client is
 * the cheapest measured ({@code floor.client=apache}, Apache HttpClient 5 classic with a pooled
 * connection manager; {@code floor.client=jdk} is the JDK HttpClient, kept for the comparison).
 */
@SpringBootApplication
@RestController
public class FloorApplication {

	private final WeChatGet weChat;

	private final JsonMapper jsonMapper;

	private final String prefix;

	FloorApplication(WeChatGet weChat, JsonMapper jsonMapper, @Value("${wx.base-url}") String baseUrl,
			@Value("${wx.app-id}") String appId, @Value("${wx.app-secret}") String appSecret) {
		this.weChat = weChat;
		this.jsonMapper = jsonMapper;
		this.prefix = baseUrl + "/sns/jscode2session?appid=" + enc(appId) + "&secret=" + enc(appSecret)
				+ "&grant_type=authorization_code&js_code=";
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(FloorApplication.class);
		if (Boolean.getBoolean("bench.startup-events")) {
			// Start-up steps (bean creation, configuration processing) as JFR events, for S5 analysis.
			application.setApplicationStartup(new FlightRecorderApplicationStartup());
		}
		application.run(args);
	}

	@PostMapping("/wx/login")
	ResponseEntity<Map<String, String>> login(@RequestBody Map<String, String> body) throws IOException {
		String code = body.get("code");
		if (code == null || code.isBlank()) {
			return ResponseEntity.badRequest().build();
		}
		JsonNode reply = this.jsonMapper.readTree(this.weChat.get(this.prefix + enc(code)));
		JsonNode openid = reply.path("openid");
		if (!openid.isString()) {
			return ResponseEntity.status(401).build();
		}
		return ResponseEntity.ok(Map.of("openid", openid.stringValue()));
	}

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

	@Bean
	static WeChatGet weChatGet(@Value("${floor.client:apache}") String client) {
		if ("jdk".equals(client)) {
			HttpClient http = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(2))
				.build();
			return (uri) -> {
				HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).build();
				try {
					return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException(ex);
				}
			};
		}
		CloseableHttpClient http = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnTotal(1000)
				.setMaxConnPerRoute(1000)
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.ofSeconds(2))
					.setSocketTimeout(Timeout.ofSeconds(5))
					.build())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(5)).build())
			.disableAutomaticRetries()
			.build();
		return (uri) -> http.execute(new HttpGet(uri),
				(response) -> EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@FunctionalInterface
	interface WeChatGet {

		String get(String uri) throws IOException;

	}

}
