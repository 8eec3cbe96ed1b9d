package io.github.wxminiauth.test.wechat;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.util.Assert;

/**
 * A JUnit 5 extension that serves a {@link WeChatSimulator} on a random loopback port for the
 * test class, so that an application under test talks to it as to WeChat's servers:
 *
 * <pre class="code">
 * &#64;SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * class LoginTests {
 *
 *     &#64;RegisterExtension
 *     static final WeChatSimulatorExtension wechat = new WeChatSimulatorExtension();
 *
 *     &#64;DynamicPropertySource
 *     static void wechat(DynamicPropertyRegistry registry) {
 *         wechat.registerProperties(registry);
 *     }
 *
 *     &#64;Test
 *     void logsIn() {
 *         String code = wechat.mintLoginCode("oAlice").code();
 *         // POST /wx/login {"code": code} …
 *     }
 * }
 * </pre>
 *
 * The server starts before the first test of the class (or on the first call of
 * {@link #baseUrl()}) and stops after the last. Before each test the faults not yet answered are
 * dropped and the request counts set to zero; codes and access tokens stay, since the
 * application under test keeps its WeChat access token across tests.
 * <p>
 * Spring caches application contexts across test classes: give each class that registers this
 * extension a configuration of its own (its own properties, or {@code @DirtiesContext}), or a
 * context cached by another class may point at that class's stopped server.
 *
 * @since 0.2.0
 */
public final class WeChatSimulatorExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

	private final WeChatSimulator simulator;

	private @Nullable WeChatSimulatorServer server;

	/**
	 * Creates an extension serving a simulator of {@link WeChatSimulator#APP_ID}.
	 */
	public WeChatSimulatorExtension() {
		this(WeChatSimulator.create());
	}

	/**
	 * Creates an extension serving this simulator, e.g. one with several mini programs or a test
	 * clock.
	 * @param simulator the simulator
	 */
	public WeChatSimulatorExtension(WeChatSimulator simulator) {
		Assert.notNull(simulator, "simulator must not be null");
		this.simulator = simulator;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		start();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.simulator.clearFaults();
		this.simulator.resetRequestCounts();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop();
	}

	private synchronized WeChatSimulatorServer start() {
		if (this.server == null) {
			try {
				this.server = new WeChatSimulatorServer(this.simulator);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("The WeChat simulator could not listen on a loopback port", ex);
			}
		}
		return this.server;
	}

	private synchronized void stop() {
		if (this.server != null) {
			this.server.close();
			this.server = null;
		}
	}

	/**
	 * Returns the simulator this extension serves.
	 * @return the simulator
	 */
	public WeChatSimulator simulator() {
		return this.simulator;
	}

	/**
	 * Returns the base URL to give the application as {@code wxmini.api-base-url}, starting the
	 * server if needed.
	 * @return e.g. {@code http://127.0.0.1:54321}
	 */
	public String baseUrl() {
		return start().baseUrl();
	}

	/**
	 * Points the application under test at this simulator: {@code wxmini.api-base-url}, and, when
	 * the simulator knows exactly one mini program, {@code wxmini.app-id} and
	 * {@code wxmini.app-secret} (with several, configure {@code wxmini.apps.*} yourself).
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 */
	public void registerProperties(DynamicPropertyRegistry registry) {
		Assert.notNull(registry, "registry must not be null");
		registry.add("wxmini.api-base-url", this::baseUrl);
		if (this.simulator.appIds().size() == 1) {
			String appId = this.simulator.appIds().iterator().next();
			registry.add("wxmini.app-id", () -> appId);
			registry.add("wxmini.app-secret", () -> this.simulator.appSecret(appId));
		}
	}

	/**
	 * Mints a {@code wx.login} code that logs in this openid.
	 * @param openid the user
	 * @return the code
	 * @see WeChatSimulator#mintLoginCode(String)
	 */
	public WeChatSimulator.MintedLoginCode mintLoginCode(String openid) {
		return this.simulator.mintLoginCode(openid);
	}

	/**
	 * Mints a phone-number button code for this number that any user can redeem.
	 * @param phoneNumber the number, e.g. {@code 13800138000}
	 * @return the code
	 * @see WeChatSimulator#mintPhoneCode(String)
	 */
	public String mintPhoneCode(String phoneNumber) {
		return this.simulator.mintPhoneCode(phoneNumber);
	}

	/**
	 * Makes the next call of an API answer with a fault.
	 * @param api the API
	 * @param fault the fault
	 * @see WeChatSimulator#failNext(WeChatApi, WeChatFault)
	 */
	public void failNext(WeChatApi api, WeChatFault fault) {
		this.simulator.failNext(api, fault);
	}

	/**
	 * Makes the next calls of an API answer with a fault.
	 * @param api the API
	 * @param times how many calls fail
	 * @param fault the fault
	 * @see WeChatSimulator#failNext(WeChatApi, int, WeChatFault)
	 */
	public void failNext(WeChatApi api, int times, WeChatFault fault) {
		this.simulator.failNext(api, times, fault);
	}

	/**
	 * Returns how many requests reached an API in the current test.
	 * @param api the API
	 * @return the count
	 */
	public int requestCount(WeChatApi api) {
		return this.simulator.requestCount(api);
	}

}
