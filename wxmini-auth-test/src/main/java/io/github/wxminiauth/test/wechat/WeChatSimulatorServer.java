package io.github.wxminiauth.test.wechat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Serves a {@link WeChatSimulator} over HTTP/1.1 on a random loopback port, one request per
 * connection.
 * <p>
 * A small server of its own rather than the JDK's {@code com.sun.net.httpserver}: that one logs
 * every request line at DEBUG through {@code System.Logger}, which Spring Boot routes to the
 * application's log, and code2Session's request line carries the AppSecret. This one logs
 * nothing, and can close a connection without answering.
 */
final class WeChatSimulatorServer implements AutoCloseable {

	private static final int MAX_HEAD_BYTES = 16 * 1024;

	private static final int MAX_BODY_BYTES = 1024 * 1024;

	private static final int READ_TIMEOUT_MILLIS = 10_000;

	private final WeChatSimulator simulator;

	private final ServerSocket serverSocket;

	private final ExecutorService workers;

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private volatile boolean running = true;

	WeChatSimulatorServer(WeChatSimulator simulator) throws IOException {
		Assert.notNull(simulator, "simulator must not be null");
		this.simulator = simulator;
		this.serverSocket = new ServerSocket();
		this.serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
		AtomicInteger threads = new AtomicInteger();
		this.workers = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "wechat-simulator-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.workers.execute(this::accept);
	}

	String baseUrl() {
		InetAddress address = this.serverSocket.getInetAddress();
		String host = (address.getAddress().length == 16) ? "[" + address.getHostAddress() + "]"
				: address.getHostAddress();
		return "http://" + host + ":" + this.serverSocket.getLocalPort();
	}

	private void accept() {
		while (this.running) {
			try {
				Socket socket = this.serverSocket.accept();
				this.connections.add(socket);
				this.workers.execute(() -> serve(socket));
			}
			catch (IOException ex) {
				// Closed by close(), or a failed accept that the next round retries
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			InputStream input = new BufferedInputStream(socket.getInputStream());
			OutputStream output = socket.getOutputStream();
			HttpRequest request = readRequest(input);
			if (request == null) {
				write(output, 400, "text/plain", "bad request".getBytes(StandardCharsets.US_ASCII));
				return;
			}
			WeChatReply reply = this.simulator.handle(request.toWeChatRequest());
			if (reply.isDisconnect() || !this.running) {
				return;
			}
			write(output, reply.status(), reply.contentType(), reply.bodyBytes());
		}
		catch (IOException ex) {
			// The client went away (e.g. after its read timeout): nothing to answer
		}
		finally {
			this.connections.remove(socket);
		}
	}

	private static @Nullable HttpRequest readRequest(InputStream input) throws IOException {
		String requestLine = readLine(input);
		if (requestLine == null) {
			return null;
		}
		String[] parts = requestLine.split(" ");
		if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
			return null;
		}
		int contentLength = 0;
		boolean chunked = false;
		int headBytes = requestLine.length();
		for (String header = readLine(input); header != null && !header.isEmpty(); header = readLine(input)) {
			headBytes += header.length();
			if (headBytes > MAX_HEAD_BYTES) {
				return null;
			}
			int colon = header.indexOf(':');
			if (colon <= 0) {
				return null;
			}
			String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = header.substring(colon + 1).trim();
			if (name.equals("content-length")) {
				try {
					contentLength = Integer.parseInt(value);
				}
				catch (NumberFormatException ex) {
					return null;
				}
			}
			else if (name.equals("transfer-encoding")) {
				chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
			}
		}
		byte[] body = chunked ? readChunked(input) : readFixed(input, contentLength);
		if (body == null) {
			return null;
		}
		String target = parts[1];
		int question = target.indexOf('?');
		String path = (question >= 0) ? target.substring(0, question) : target;
		String query = (question >= 0) ? target.substring(question + 1) : null;
		return new HttpRequest(parts[0], path, query, new String(body, StandardCharsets.UTF_8));
	}

	private static byte @Nullable [] readFixed(InputStream input, int length) throws IOException {
		if (length < 0 || length > MAX_BODY_BYTES) {
			return null;
		}
		byte[] body = input.readNBytes(length);
		return (body.length == length) ? body : null;
	}

	private static byte @Nullable [] readChunked(InputStream input) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (;;) {
			String sizeLine = readLine(input);
			if (sizeLine == null) {
				return null;
			}
			int semicolon = sizeLine.indexOf(';');
			int size;
			try {
				size = Integer.parseInt(((semicolon >= 0) ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
			}
			catch (NumberFormatException ex) {
				return null;
			}
			if (size < 0 || body.size() + size > MAX_BODY_BYTES) {
				return null;
			}
			if (size == 0) {
				// Trailers, up to the empty line
				for (String trailer = readLine(input); trailer != null && !trailer.isEmpty(); trailer = readLine(input)) {
					// ignored
				}
				return body.toByteArray();
			}
			byte[] chunk = input.readNBytes(size);
			if (chunk.length != size) {
				return null;
			}
			body.write(chunk);
			readLine(input);
		}
	}

	private static @Nullable String readLine(InputStream input) throws IOException {
		StringBuilder line = new StringBuilder();
		for (;;) {
			int next = input.read();
			if (next < 0) {
				return (line.length() > 0) ? line.toString() : null;
			}
			if (next == '\n') {
				int length = line.length();
				return (length > 0 && line.charAt(length - 1) == '\r') ? line.substring(0, length - 1)
						: line.toString();
			}
			if (line.length() >= MAX_HEAD_BYTES) {
				return null;
			}
			line.append((char) next);
		}
	}

	private static void write(OutputStream output, int status, String contentType, byte[] body) throws IOException {
		String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n" + "Content-Type: " + contentType
				+ "; charset=UTF-8\r\n" + "Content-Length: " + body.length + "\r\n" + "Connection: close\r\n\r\n";
		output.write(head.getBytes(StandardCharsets.US_ASCII));
		output.write(body);
		output.flush();
	}

	private static String reason(int status) {
		return switch (status) {
			case 200 -> "OK";
			case 400 -> "Bad Request";
			case 404 -> "Not Found";
			case 500 -> "Internal Server Error";
			case 502 -> "Bad Gateway";
			case 503 -> "Service Unavailable";
			case 504 -> "Gateway Timeout";
			default -> "Status";
		};
	}

	@Override
	public void close() {
		this.running = false;
		try {
			this.serverSocket.close();
		}
		catch (IOException ex) {
			// Closing anyway
		}
		for (Socket socket : this.connections) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Closing anyway
			}
		}
		// Interrupts delayed replies
		this.workers.shutdownNow();
	}

	private record HttpRequest(String method, String path, @Nullable String query, String body) {

		WeChatRequest toWeChatRequest() {
			return WeChatRequest.of(this.method, this.path, this.query, this.body);
		}

		@Override
		public String toString() {
			return "HttpRequest[" + this.method + " " + this.path + "]";
		}

	}

}
