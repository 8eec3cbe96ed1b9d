package io.github.wxminiauth.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running sample over a real socket, as a mini program or an operator talks to it: JSON
 * bodies, an optional bearer token, every answer returned whatever its status.
 */
public final class SampleHttp {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String baseUrl;

	public SampleHttp(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	/**
	 * The application of a context started with a web server.
	 * @param context the application
	 * @return its client
	 */
	public static SampleHttp of(ConfigurableApplicationContext context) {
		return new SampleHttp(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	/**
	 * Sends a request.
	 * @param method the method
	 * @param path the path
	 * @param bearer an access token, or {@code null} for none
	 * @param json a JSON body, or {@code null} for none
	 * @return the answer
	 */
	public Reply send(String method, String path, @Nullable String bearer, @Nullable String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(60))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
					: HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		try {
			return new Reply(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An answer.
	 *
	 * @param raw the JDK's response
	 */
	public record Reply(HttpResponse<String> raw) {

		public int status() {
			return this.raw.statusCode();
		}

		public String body() {
			return this.raw.body();
		}

		public @Nullable String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		public JsonNode json() {
			return JsonMapper.shared().readTree(this.raw.body());
		}

		/**
		 * The body of a 200 answer.
		 * @return its JSON
		 */
		public JsonNode ok() {
			assertThat(status()).as(body()).isEqualTo(200);
			return json();
		}

	}

}
