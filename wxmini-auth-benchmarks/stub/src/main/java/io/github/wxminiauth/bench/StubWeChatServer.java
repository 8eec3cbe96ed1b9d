package io.github.wxminiauth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stub of the WeChat server APIs the apps call, built to never be the bottleneck: a JDK
 * {@link HttpServer} on a small fixed pool, replies precomputed or built with string
 * concatenation, and latency added by a {@link ScheduledExecutorService} that sends the reply
 * later, so that no worker thread sleeps per request.
 * <p>
 * APIs: {@code GET /sns/jscode2session} (any code; the openid is derived from the code: the part
 * before the first '.', so that a load generator can make unique codes for a bounded set of
 * users), {@code POST /cgi-bin/stable_token}, {@code GET /cgi-bin/token} (the plain token API,
 * which WxJava uses by default), {@code POST /wxa/business/getuserphonenumber}. Control:
 * {@code GET /__counts}, {@code POST /__reset}, {@code POST /__latency?ms=N}.
 * <p>
 * Arguments: {@code port appid [threads] [port-file]}; port 0 picks a free port, written to the
 * port file.
 */
public final class StubWeChatServer {

	private static final String[] APIS = { "code2Session", "code2Session_with_access_token", "stable_token", "token",
			"getuserphonenumber", "other" };

	private final Map<String, LongAdder> counts = new LinkedHashMap<>();

	private final AtomicLong tokenGeneration = new AtomicLong();

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	private final String appId;

	private volatile long latencyMillis;

	private StubWeChatServer(String appId) {
		this.appId = appId;
		for (String api : APIS) {
			this.counts.put(api, new LongAdder());
		}
	}

	public static void main(String[] args) throws IOException {
		// Without it, replies written in two segments wait for the client's delayed ACK (40 ms).
		System.setProperty("sun.net.httpserver.nodelay", "true");
		int port = Integer.parseInt(args[0]);
		String appId = args[1];
		int threads = (args.length > 2) ? Integer.parseInt(args[2]) : 4;
		StubWeChatServer stub = new StubWeChatServer(appId);
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		server.setExecutor(executor);
		server.createContext("/", stub::handle);
		server.start();
		int actualPort = server.getAddress().getPort();
		if (args.length > 3) {
			Files.writeString(Path.of(args[3]), Integer.toString(actualPort));
		}
		System.out.println("stub WeChat server on port " + actualPort + " with " + threads + " threads");
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			body.readAllBytes();
		}
		String path = exchange.getRequestURI().getPath();
		String query = exchange.getRequestURI().getRawQuery();
		byte[] reply;
		String contentType = "application/json; charset=UTF-8";
		switch (path) {
			case "/sns/jscode2session" -> {
				String code = param(query, "js_code");
				count((param(query, "access_token") != null) ? "code2Session_with_access_token" : "code2Session");
				if (code == null || code.isEmpty()) {
					reply = json("{\"errcode\":41008,\"errmsg\":\"missing code\"}");
				}
				else {
					int dot = code.indexOf('.');
					String user = (dot > 0) ? code.substring(0, dot) : code;
					reply = json("{\"openid\":\"o_" + user + "\",\"session_key\":\"c2Vzc2lvbi1rZXktMTIzNA==\"}");
				}
				// WeChat labels its JSON as text/plain.
				contentType = "text/plain";
			}
			case "/cgi-bin/stable_token" -> {
				count("stable_token");
				reply = json("{\"access_token\":\"stub-stable-token-" + this.tokenGeneration.incrementAndGet()
						+ "\",\"expires_in\":7200}");
			}
			case "/cgi-bin/token" -> {
				count("token");
				reply = json("{\"access_token\":\"stub-plain-token-" + this.tokenGeneration.incrementAndGet()
						+ "\",\"expires_in\":7200}");
			}
			case "/wxa/business/getuserphonenumber" -> {
				count("getuserphonenumber");
				String accessToken = param(query, "access_token");
				if (accessToken == null || accessToken.isEmpty()) {
					reply = json("{\"errcode\":41001,\"errmsg\":\"access_token missing\"}");
				}
				else {
					reply = json("{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"13800138000\","
							+ "\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"86\",\"watermark\":{\"timestamp\":"
							+ (System.currentTimeMillis() / 1000) + ",\"appid\":\"" + this.appId + "\"}}}");
				}
			}
			case "/__counts" -> {
				StringBuilder json = new StringBuilder("{");
				this.counts.forEach((api, count) -> json.append('"').append(api).append("\":").append(count.sum()).append(','));
				json.setLength(json.length() - 1);
				send(exchange, json("" + json + "}"), contentType);
				return;
			}
			case "/__reset" -> {
				this.counts.values().forEach(LongAdder::reset);
				send(exchange, json("{}"), contentType);
				return;
			}
			case "/__latency" -> {
				this.latencyMillis = Long.parseLong(param(query, "ms"));
				send(exchange, json("{\"latency_ms\":" + this.latencyMillis + "}"), contentType);
				return;
			}
			default -> {
				count("other");
				reply = json("{\"errcode\":40066,\"errmsg\":\"invalid url\"}");
			}
		}
		long latency = this.latencyMillis;
		if (latency <= 0) {
			send(exchange, reply, contentType);
			return;
		}
		String type = contentType;
		this.scheduler.schedule(() -> {
			try {
				send(exchange, reply, type);
			}
			catch (IOException ex) {
				exchange.close();
			}
		}, latency, TimeUnit.MILLISECONDS);
	}

	private void count(String api) {
		this.counts.get(api).increment();
	}

	private static byte[] json(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

	private static void send(HttpExchange exchange, byte[] body, String contentType) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static String param(String query, String name) {
		if (query == null) {
			return null;
		}
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			String key = (eq >= 0) ? pair.substring(0, eq) : pair;
			if (key.equals(name)) {
				return (eq >= 0) ? URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8) : "";
			}
		}
		return null;
	}

}
