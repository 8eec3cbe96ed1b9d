package io.github.wxminiauth.coexistence.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for talking to a host application over a real socket, the way a browser,
 * a partner system or a mini program would. It follows no redirects and keeps no cookies of its
 * own: a test sends the cookies it means to send and sees every {@code Set-Cookie}.
 */
public final class HostHttp {

	private static final JsonMapper json = new JsonMapper();

	private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private final String baseUrl;

	public HostHttp(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	public Request get(String path) {
		return new Request(this, "GET", path);
	}

	public Request post(String path) {
		return new Request(this, "POST", path);
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * A request being built.
	 */
	public static final class Request {

		private final HostHttp http;

		private final String method;

		private final String path;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

		private Request(HostHttp http, String method, String path) {
			this.http = http;
			this.method = method;
			this.path = path;
		}

		public Request header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		public Request bearer(String token) {
			return header("Authorization", "Bearer " + token);
		}

		public Request basic(String username, String password) {
			String credentials = Base64.getEncoder()
				.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
			return header("Authorization", "Basic " + credentials);
		}

		/**
		 * Sends the session cookie, as a browser would.
		 */
		public Request session(String sessionId) {
			return header("Cookie", "JSESSIONID=" + sessionId);
		}

		/**
		 * Asks for HTML, as a browser navigating to a page does.
		 */
		public Request browser() {
			return header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
		}

		public Request json(String body) {
			header("Content-Type", "application/json");
			header("Accept", "application/json");
			this.body = HttpRequest.BodyPublishers.ofString(body);
			return this;
		}

		public Request form(Map<String, String> fields) {
			String encoded = fields.entrySet()
				.stream()
				.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
				.collect(Collectors.joining("&"));
			header("Content-Type", "application/x-www-form-urlencoded");
			this.body = HttpRequest.BodyPublishers.ofString(encoded);
			return this;
		}

		public Response send() {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.http.baseUrl + this.path))
				.method(this.method, this.body);
			this.headers.forEach(request::header);
			try {
				return new Response(this.http.client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		private static String encode(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

	/**
	 * An answer.
	 */
	public record Response(HttpResponse<String> raw) {

		public int status() {
			return this.raw.statusCode();
		}

		public String body() {
			return this.raw.body();
		}

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		public JsonNode json() {
			return json.readTree(this.raw.body());
		}

		/**
		 * The text of a JSON member, {@code null} when it is absent or JSON {@code null}.
		 */
		public String text(String member) {
			JsonNode node = json().get(member);
			return (node == null || node.isNull()) ? null : node.asString();
		}

		/**
		 * Every {@code Set-Cookie} header of the answer.
		 */
		public List<String> setCookies() {
			return new ArrayList<>(this.raw.headers().allValues("Set-Cookie"));
		}

		/**
		 * The session id the answer sets, if it sets one.
		 */
		public Optional<String> newSessionId() {
			return setCookies().stream()
				.filter((cookie) -> cookie.startsWith("JSESSIONID="))
				.map((cookie) -> cookie.substring("JSESSIONID=".length()).split(";", 2)[0])
				.findFirst();
		}

		@Override
		public String toString() {
			return this.raw.statusCode() + " " + this.raw.headers().map() + " " + this.raw.body();
		}

	}

}
