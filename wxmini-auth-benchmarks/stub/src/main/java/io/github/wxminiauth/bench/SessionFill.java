package io.github.wxminiauth.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario S7, memory per live session: logs in users {@code 0 … n-1} once each, with codes
 * {@code <prefix>u<i>.<pass>} (the stub takes the openid from the part before the '.'), so that a
 * second pass with the same prefix adds one session to each existing user and nothing else.
 * Prints one JSON line: logins answered 200 and failures.
 * <p>
 * Arguments: {@code appBaseUrl prefix pass n concurrency}.
 */
public final class SessionFill {

	public static void main(String[] args) throws Exception {
		String base = args[0];
		String prefix = args[1];
		String pass = args[2];
		int n = Integer.parseInt(args[3]);
		int concurrency = Integer.parseInt(args[4]);
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		AtomicInteger ok = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		AtomicInteger next = new AtomicInteger();
		ExecutorService workers = Executors.newFixedThreadPool(concurrency);
		List<Future<?>> results = new ArrayList<>();
		for (int w = 0; w < concurrency; w++) {
			results.add(workers.submit(() -> {
				for (int user = next.getAndIncrement(); user < n; user = next.getAndIncrement()) {
					HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/wx/login"))
						.timeout(Duration.ofSeconds(30))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + prefix + "u" + user + "." + pass + "\"}"))
						.build();
					try {
						int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
						((status == 200) ? ok : failed).incrementAndGet();
					}
					catch (Exception ex) {
						failed.incrementAndGet();
					}
				}
				return null;
			}));
		}
		for (Future<?> result : results) {
			result.get();
		}
		workers.shutdown();
		System.out.println("{\"ok\":" + ok.get() + ",\"failed\":" + failed.get() + "}");
	}

}
