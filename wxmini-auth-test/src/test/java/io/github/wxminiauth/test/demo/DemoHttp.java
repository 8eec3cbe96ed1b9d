package io.github.wxminiauth.test.demo;

import java.net.http.HttpClient;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The demo application over real HTTP, as a mini program calls it.
 */
final class DemoHttp {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final RestClient http;

	DemoHttp(int port) {
		this.http = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.requestFactory(new JdkClientHttpRequestFactory(HttpClient.newHttpClient()))
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	Reply login(String code) {
		return send(HttpMethod.POST, "/wx/login", null, "{\"code\":\"" + code + "\"}");
	}

	Reply send(HttpMethod method, String path, @Nullable String accessToken, @Nullable String body) {
		RestClient.RequestBodySpec request = this.http.method(method).uri(path);
		if (accessToken != null) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken);
		}
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		ResponseEntity<String> response = request.retrieve().toEntity(String.class);
		return new Reply(response.getStatusCode().value(), response.getHeaders(), response.getBody());
	}

	record Reply(int status, HttpHeaders headers, @Nullable String body) {

		JsonNode json() {
			return DemoHttp.json.readTree((this.body != null) ? this.body : "null");
		}

		String text(String member) {
			return json().path(member).asString();
		}

	}

}
