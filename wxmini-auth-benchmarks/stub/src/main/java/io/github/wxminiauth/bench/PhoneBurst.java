package io.github.wxminiauth.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario S4: logs in {@code n} users, then has all of them bind a phone number at the same
 * instant (one platform thread per user, released together by a latch), against an app that
 * has not yet fetched a WeChat access token. Prints one JSON line with the outcome; the caller
 * reads the stub's counts to see how many access tokens were fetched.
 * <p>
 * Arguments: {@code appBaseUrl n runId}.
 */
public final class PhoneBurst {

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	public static void main(String[] args) throws Exception {
		String base = args[0];
		int n = Integer.parseInt(args[1]);
		String runId = args[2];
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();

		// Logins with modest concurrency: they are not what S4 measures.
		String[] tokens = new String[n];
		AtomicInteger loginFailures = new AtomicInteger();
		ExecutorService logins = Executors.newFixedThreadPool(16);
		List<Future<?>> loginResults = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			int user = i;
			loginResults.add(logins.submit(() -> {
				String body = "{\"code\":\"s4" + runId + "u" + user + ".1\"}";
				try {
					HttpResponse<String> response = client.send(post(base + "/wx/login", body, null),
							HttpResponse.BodyHandlers.ofString());
					Matcher matcher = ACCESS_TOKEN.matcher(response.body());
					if (response.statusCode() == 200 && matcher.find()) {
						tokens[user] = matcher.group(1);
					}
					else {
						loginFailures.incrementAndGet();
					}
				}
				catch (Exception ex) {
					loginFailures.incrementAndGet();
				}
			}));
		}
		for (Future<?> result : loginResults) {
			result.get();
		}
		logins.shutdown();

		Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
		CountDownLatch ready = new CountDownLatch(n);
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService phones = Executors.newFixedThreadPool(n);
		List<Future<?>> phoneResults = new ArrayList<>();
		long[] start = new long[1];
		for (int i = 0; i < n; i++) {
			int user = i;
			phoneResults.add(phones.submit(() -> {
				ready.countDown();
				String outcome;
				try {
					go.await();
					if (tokens[user] == null) {
						outcome = "no_login";
					}
					else {
						HttpResponse<String> response = client.send(
								post(base + "/wx/phone", "{\"code\":\"phone" + user + "\"}", tokens[user]),
								HttpResponse.BodyHandlers.ofString());
						outcome = Integer.toString(response.statusCode());
					}
				}
				catch (Exception ex) {
					outcome = ex.getClass().getSimpleName();
				}
				statuses.computeIfAbsent(outcome, (key) -> new AtomicInteger()).incrementAndGet();
				return null;
			}));
		}
		ready.await();
		start[0] = System.nanoTime();
		go.countDown();
		for (Future<?> result : phoneResults) {
			result.get();
		}
		long millis = (System.nanoTime() - start[0]) / 1_000_000;
		phones.shutdown();
		StringBuilder json = new StringBuilder("{\"login_failures\":").append(loginFailures.get())
			.append(",\"burst_ms\":")
			.append(millis)
			.append(",\"phone_statuses\":{");
		new TreeMap<>(statuses).forEach((status, count) -> json.append('"').append(status).append("\":").append(count).append(','));
		if (!statuses.isEmpty()) {
			json.setLength(json.length() - 1);
		}
		System.out.println(json.append("}}"));
	}

	private static HttpRequest post(String uri, String json, String bearer) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return request.build();
	}

}
