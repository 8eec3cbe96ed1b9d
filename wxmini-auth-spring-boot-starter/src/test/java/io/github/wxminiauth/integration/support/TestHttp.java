package io.github.wxminiauth.integration.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny HTTP client for tests that talk to the application over a real socket.
 */
public final class TestHttp {

	private static final JsonMapper json = new JsonMapper();

	private final HttpClient client = HttpClient.newHttpClient();

	private final int port;

	private final String baseUrl;

	private final Map<String, String> headers;

	public TestHttp(int port) {
		this(port, Map.of());
	}

	private TestHttp(int port, Map<String, String> headers) {
		this.port = port;
		this.baseUrl = "http://127.0.0.1:" + port;
		this.headers = headers;
	}

	/**
	 * A client that sends this header with every request too (say, {@code X-Forwarded-For} of a
	 * proxy).
	 * @param name the header's name
	 * @param value its value
	 * @return the client
	 */
	public TestHttp withHeader(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(name, value);
		return new TestHttp(this.port, Map.copyOf(headers));
	}

	public Response postJson(String path, String body) {
		return postJson(path, body, null);
	}

	public Response postJson(String path, String body, String bearer) {
		return send(request(path, bearer).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * Logs in with a {@code wx.login} code.
	 * @param code the code
	 * @return the answer of {@code /wx/login}
	 */
	public Response login(String code) {
		return postJson("/wx/login", "{\"code\":\"" + code + "\"}");
	}

	public Response postForm(String path, String body) {
		return send(request(path, null).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * Posts raw bytes with the given content type ({@code null}: no Content-Type header) and
	 * an optional bearer token.
	 */
	public Response post(String path, String contentType, byte[] body, String bearer) {
		HttpRequest.Builder request = request(path, bearer).POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request);
	}

	/**
	 * Sends a request without a body, with an optional bearer token.
	 */
	public Response send(String method, String path, String bearer) {
		return send(request(path, bearer).method(method, HttpRequest.BodyPublishers.noBody()));
	}

	/**
	 * Gets with a raw {@code Authorization} header value (Basic, a foreign scheme).
	 */
	public Response getWithAuthorization(String path, String authorization) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).header("Authorization", authorization).GET());
	}

	/**
	 * Posts with a raw {@code Authorization} header value, for malformed headers.
	 */
	public Response postWithAuthorization(String path, String authorization) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Authorization", authorization)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}")));
	}

	/**
	 * Streams a body of {@code totalBytes} (a repeated filler) with chunked transfer encoding
	 * over a plain socket while reading the answer concurrently; stops sending once the answer
	 * arrived or the server closed the connection.
	 * @return the answer's status line and how many body bytes were sent before it came
	 */
	public Upload streamChunked(String path, String contentType, String bearer, long totalBytes, byte filler) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> readHead(in));
			StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Transfer-Encoding: chunked\r\nContent-Type: " + contentType + "\r\n");
			if (bearer != null) {
				head.append("Authorization: Bearer ").append(bearer).append("\r\n");
			}
			out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
			byte[] chunk = new byte[64 * 1024];
			java.util.Arrays.fill(chunk, filler);
			byte[] chunkHead = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
			long sent = 0;
			try {
				while (sent < totalBytes && !answer.isDone()) {
					out.write(chunkHead);
					out.write(chunk);
					out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
					sent += chunk.length;
				}
				if (sent >= totalBytes) {
					out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				}
			}
			catch (IOException ex) {
				// The server closed the connection: what it answered before is what counts.
			}
			return new Upload(answer.get(20, TimeUnit.SECONDS), sent);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends raw bytes (a request head, perhaps a partial body) over a plain socket and reads the
	 * head of the answer, without sending anything more.
	 */
	public Upload sendRaw(byte[] request) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
			socket.getOutputStream().write(request);
			socket.getOutputStream().flush();
			return new Upload(readHead(socket.getInputStream()), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String readHead(InputStream in) {
		try {
			StringBuilder head = new StringBuilder();
			int b;
			while ((b = in.read()) != -1) {
				head.append((char) b);
				if (head.toString().endsWith("\r\n\r\n")) {
					break;
				}
			}
			return head.toString();
		}
		catch (IOException ex) {
			return "";
		}
	}

	public Response get(String path, String bearer) {
		return send(request(path, bearer).GET());
	}

	private HttpRequest.Builder request(String path, String bearer) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path));
		this.headers.forEach(builder::header);
		if (bearer != null) {
			builder.header("Authorization", "Bearer " + bearer);
		}
		return builder;
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Response(response);
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
	 * The head of the answer to a streamed upload and how much of the body was sent before it.
	 */
	public record Upload(String head, long bytesSent) {

		public int status() {
			String[] statusLine = this.head.split(" ", 3);
			return (statusLine.length > 1) ? Integer.parseInt(statusLine[1]) : -1;
		}

	}

	public record Response(HttpResponse<String> raw) {

		public int status() {
			return this.raw.statusCode();
		}

		/**
		 * Asserts the status, with the body as the message.
		 * @param status the expected status
		 * @return this answer
		 */
		public Response assertStatus(int status) {
			assertThat(status()).as(body()).isEqualTo(status);
			return this;
		}

		public String body() {
			return this.raw.body();
		}

		public JsonNode json() {
			return json.readTree(this.raw.body());
		}

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		public String text(String field) {
			JsonNode node = json().get(field);
			return (node != null && !node.isNull()) ? node.asString() : null;
		}

	}

}
