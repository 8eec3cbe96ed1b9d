package io.github.wxminiauth.integration.wechat;

import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS to WeChat is verified: against an HTTPS server with a self-signed certificate (made by the
 * JDK's keytool for this run), login fails with 503 {@code wechat_unavailable} and a log line
 * that says the certificate is not trusted, until the certificate is trusted through an SSL
 * bundle named in {@code wxmini.http.ssl-bundle}.
 */
@ExtendWith(OutputCaptureExtension.class)
class WeChatTlsIntegrationTests {

	private static final String PASSWORD = "tls-test-store-password";

	@TempDir
	static Path directory;

	static Path trustStore;

	static WeChatStub wechat;

	@BeforeAll
	static void startHttpsWeChat() throws Exception {
		Path keyStore = directory.resolve("wechat.p12");
		trustStore = directory.resolve("trust.p12");
		Path certificate = directory.resolve("wechat.pem");
		keytool("-genkeypair", "-alias", "wechat", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore",
				keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
		keytool("-exportcert", "-rfc", "-alias", "wechat", "-file", certificate.toString(), "-keystore",
				keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
		keytool("-importcert", "-noprompt", "-alias", "wechat", "-file", certificate.toString(), "-keystore",
				trustStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
		assertThat(trustStore).exists();
		wechat = new WeChatStub(wireMockConfig().httpDisabled(true)
			.dynamicHttpsPort()
			.keystorePath(keyStore.toString())
			.keystoreType("PKCS12")
			.keystorePassword(PASSWORD)
			.keyManagerPassword(PASSWORD));
		wechat.start();
	}

	@AfterAll
	static void stopWeChat() {
		wechat.stop();
	}

	@BeforeEach
	void reset() {
		wechat.reset();
	}

	@Test
	void selfSignedCertificateIsRefusedAndTheLogSaysItIsNotTrusted(CapturedOutput output) {
		wechat.login("tls-code", "openid-tls");
		try (ConfigurableApplicationContext app = start()) {
			TestHttp.Response login = http(app).postJson("/wx/login", "{\"code\":\"tls-code\"}");
			assertThat(login.status()).isEqualTo(503);
			assertThat(login.text("error")).isEqualTo("wechat_unavailable");
			assertThat(login.header("Retry-After")).isNotBlank();
			assertThat(wechat.code2SessionCalls()).as("no request got through the handshake").isZero();
		}
		assertThat(output).contains("certificate is not trusted").contains("wxmini.http.ssl-bundle");
		assertThat(output).doesNotContain(WeChatStub.APP_SECRET).doesNotContain("tls-code");
	}

	@Test
	void certificateTrustedThroughAnSslBundleIsAccepted() {
		wechat.login("tls-trusted-code", "openid-tls-trusted");
		try (ConfigurableApplicationContext app = start("spring.ssl.bundle.jks.wechat.truststore.location=file:" + trustStore,
				"spring.ssl.bundle.jks.wechat.truststore.type=PKCS12",
				"spring.ssl.bundle.jks.wechat.truststore.password=" + PASSWORD, "wxmini.http.ssl-bundle=wechat")) {
			TestHttp.Response login = http(app).postJson("/wx/login", "{\"code\":\"tls-trusted-code\"}");
			assertThat(login.status()).isEqualTo(200);
			assertThat(login.text("openid")).isEqualTo("openid-tls-trusted");
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "wxmini.app-id=" + WeChatStub.APP_ID,
				"wxmini.app-secret=" + WeChatStub.APP_SECRET, "wxmini.jwt.secret=tls-test-secret-of-at-least-32-bytes",
				"wxmini.api-base-url=https://localhost:" + wechat.server.httpsPort(), "spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(HardeningTestApplication.class).properties(all.toArray(new String[0]))
			.run();
	}

	private static TestHttp http(ConfigurableApplicationContext app) {
		return new TestHttp(((WebServerApplicationContext) app).getWebServer().getPort());
	}

	private static void keytool(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(out).isZero();
	}

}
