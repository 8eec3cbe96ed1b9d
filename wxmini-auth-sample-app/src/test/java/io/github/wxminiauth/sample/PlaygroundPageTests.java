package io.github.wxminiauth.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The playground page as a person sees it: the sample app with its built-in WeChat simulator on a
 * real port, and Debian's headless Chromium clicking through every step. Skipped when Chromium or
 * its driver is not installed ({@code .ci/run} installs both).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "sample.simulator.enabled=true", "sample.admin-openids=",
				"spring.datasource.url=jdbc:h2:mem:sample-playground;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
				// The test drives the page through WebDriver only, never through Chrome DevTools
				"logging.level.org.openqa.selenium.devtools=ERROR", "logging.level.org.openqa.selenium.chromium=ERROR" })
class PlaygroundPageTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String PHONE_NUMBER = "13800138000";

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	@Autowired
	private Environment environment;

	private @Nullable Path userDataDir;

	private @Nullable ChromeDriverService service;

	private @Nullable WebDriver driver;

	@DynamicPropertySource
	static void serverPort(DynamicPropertyRegistry registry) {
		// The simulator is reached through the application's own port, so that port must be known
		int port = TestSocketUtils.findAvailableTcpPort();
		registry.add("server.port", () -> port);
	}

	@BeforeEach
	void startChromium() throws IOException {
		// Assumed per test rather than per class, so that the report counts a skipped test, not none
		assumeTrue(Files.isExecutable(CHROMIUM), "needs Debian's chromium at " + CHROMIUM);
		assumeTrue(Files.isExecutable(CHROMEDRIVER), "needs Debian's chromium-driver at " + CHROMEDRIVER);
		// Both paths given explicitly, so that Selenium Manager never tries to download a browser
		System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
		this.userDataDir = Files.createTempDirectory("playground-chromium");
		this.service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// Without network access Chromium stalls on its background services unless they are off
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
				"--window-size=1200,900", "--user-data-dir=" + this.userDataDir);
		this.driver = new ChromeDriver(this.service, options);
	}

	@AfterEach
	void stopChromium() {
		try {
			if (this.driver != null) {
				this.driver.quit();
			}
		}
		finally {
			if (this.service != null) {
				this.service.stop();
			}
			if (this.userDataDir != null) {
				FileSystemUtils.deleteRecursively(this.userDataDir.toFile());
			}
		}
	}

	@Test
	void walkingThroughThePageShowsEveryStepOfTheFlow() throws IOException {
		String openid = "o_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String origin = "http://localhost:" + this.environment.getProperty("server.port");
		this.driver.get(origin + "/");
		assertThat(this.driver.getTitle()).contains("Playground");

		WebElement openidInput = byTestId("openid");
		assertThat(openidInput.getAttribute("value")).startsWith("o_demo_");
		openidInput.clear();
		openidInput.sendKeys(openid);
		WebElement minted = clickAndAwait("btn-mint-login", "exchange-mint-login");
		assertThat(status(minted)).isEqualTo("200");
		assertThat(responseBody(minted).get("openid").stringValue()).isEqualTo(openid);

		WebElement login = clickAndAwait("btn-login", "exchange-login");
		assertThat(status(login)).isEqualTo("200");
		assertThat(responseBody(login).get("openid").stringValue()).isEqualTo(openid);
		assertThat(responseBody(login).get("phone_bound").booleanValue()).isFalse();
		assertThat(byTestId("session-openid").getText()).isEqualTo(openid);

		JsonNode header = this.jsonMapper.readTree(byTestId("claims-header").getText());
		assertThat(header.get("alg").stringValue()).isEqualTo("HS256");
		JsonNode claims = this.jsonMapper.readTree(byTestId("claims-payload").getText());
		assertThat(claims.get("openid").stringValue()).isEqualTo(openid);
		assertThat(claims.get("sub").stringValue()).isNotBlank();
		assertThat(authorities(claims)).doesNotContain("PHONE_VERIFIED");
		assertThat(byTestId("step-claims").getText()).contains("The signature is verified by the server, not here");

		WebElement me = clickAndAwait("btn-call-me", "exchange-me");
		assertThat(status(me)).isEqualTo("200");
		assertThat(responseBody(me).get("openid").stringValue()).isEqualTo(openid);
		WebElement orders = clickAndAwait("btn-call-orders", "exchange-orders");
		assertThat(status(orders)).isEqualTo("403");
		assertThat(responseBody(orders).get("error").stringValue()).isEqualTo("access_denied");
		assertThat(responseHeaders(orders)).contains("Content-Type: application/problem+json");
		WebElement admin = clickAndAwait("btn-call-admin", "exchange-admin");
		assertThat(status(admin)).isEqualTo("403");
		assertThat(responseBody(admin).get("error").stringValue()).isEqualTo("access_denied");

		WebElement phoneInput = byTestId("phone-number");
		assertThat(phoneInput.getAttribute("value")).isEqualTo(PHONE_NUMBER);
		WebElement phoneCode = clickAndAwait("btn-mint-phone", "exchange-mint-phone");
		assertThat(status(phoneCode)).isEqualTo("200");
		String tokenBeforeBinding = byTestId("session-access-token").getText();
		WebElement bind = clickAndAwait("btn-bind-phone", "exchange-bind-phone");
		assertThat(status(bind)).isEqualTo("200");
		assertThat(responseBody(bind).get("pure_phone_number").stringValue()).isEqualTo(PHONE_NUMBER);
		assertThat(byTestId("session-phone").getText()).isEqualTo(PHONE_NUMBER);
		assertThat(byTestId("session-access-token").getText()).isNotEqualTo(tokenBeforeBinding);
		JsonNode boundClaims = this.jsonMapper.readTree(byTestId("claims-payload").getText());
		assertThat(authorities(boundClaims)).contains("PHONE_VERIFIED");
		WebElement ordersAfterBinding = clickAndAwait("btn-orders-after-bind", "exchange-orders-after-bind");
		assertThat(status(ordersAfterBinding)).isEqualTo("200");
		assertThat(responseBody(ordersAfterBinding).isArray()).isTrue();
		assertThat(responseBody(ordersAfterBinding)).isNotEmpty();

		String refreshTokenBefore = byTestId("session-refresh-token").getText();
		WebElement refresh = clickAndAwait("btn-refresh", "exchange-refresh");
		assertThat(status(refresh)).isEqualTo("200");
		assertThat(byTestId("session-refresh-token").getText()).isNotEqualTo(refreshTokenBefore);
		assertThat(authorities(this.jsonMapper.readTree(byTestId("claims-payload").getText())))
			.contains("PHONE_VERIFIED");

		WebElement logout = clickAndAwait("btn-logout", "exchange-logout");
		assertThat(status(logout)).isEqualTo("204");
		WebElement meAfterLogout = clickAndAwait("btn-me-after-logout", "exchange-me-after-logout");
		assertThat(status(meAfterLogout)).isEqualTo("401");
		assertThat(responseHeaders(meAfterLogout)).contains("WWW-Authenticate: Bearer error=\"invalid_token\"");
		assertThat(responseBody(meAfterLogout).get("error").stringValue()).isEqualTo("invalid_token");

		assertThat(loadedResources()).as("everything the page loaded, offline-safe").isNotEmpty()
			.allMatch((url) -> url.startsWith(origin + "/"));
		screenshot(Path.of("target", "playground.png"));
	}

	private WebElement byTestId(String testId) {
		return this.driver.findElement(By.cssSelector("[data-testid='" + testId + "']"));
	}

	private WebElement clickAndAwait(String buttonTestId, String exchangeTestId) {
		WebElement button = byTestId(buttonTestId);
		assertThat(button.isEnabled()).as("%s is enabled", buttonTestId).isTrue();
		button.click();
		WebElement exchange = byTestId(exchangeTestId);
		new WebDriverWait(this.driver, TIMEOUT).until((page) -> "done".equals(exchange.getAttribute("data-state")));
		return exchange;
	}

	private String status(WebElement exchange) {
		return exchange.findElement(By.cssSelector("[data-testid='status']")).getText();
	}

	private String responseHeaders(WebElement exchange) {
		return exchange.findElement(By.cssSelector("[data-testid='response-headers']")).getText();
	}

	private JsonNode responseBody(WebElement exchange) {
		return this.jsonMapper.readTree(exchange.findElement(By.cssSelector("[data-testid='response-body']")).getText());
	}

	@SuppressWarnings("unchecked")
	private List<String> loadedResources() {
		return (List<String>) ((JavascriptExecutor) this.driver)
			.executeScript("return performance.getEntriesByType('resource').map((entry) => entry.name);");
	}

	private static List<String> authorities(JsonNode claims) {
		return claims.get("authorities").valueStream().map(JsonNode::stringValue).toList();
	}

	private void screenshot(Path target) throws IOException {
		// A headless window as tall as the page, so that the picture shows the whole flow
		JavascriptExecutor page = (JavascriptExecutor) this.driver;
		page.executeScript("window.scrollTo(0, 0);");
		long height = (Long) page.executeScript("return document.documentElement.scrollHeight"
				+ " + window.outerHeight - window.innerHeight;");
		this.driver.manage().window().setSize(new Dimension(1200, (int) height));
		File file = ((ChromeDriver) this.driver).getScreenshotAs(OutputType.FILE);
		Files.createDirectories(target.getParent());
		Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

}
