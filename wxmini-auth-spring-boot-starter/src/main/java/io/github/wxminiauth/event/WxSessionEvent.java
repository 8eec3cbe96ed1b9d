package io.github.wxminiauth.event;

/**
 * Something that happened to a mini-program login session, published as a Spring application
 * event once the store has recorded it, for audit logs and metrics. Listen with
 * {@code @EventListener}. Events carry the user and the session, never a token.
 *
 * <pre class="code">
 * &#64;EventListener
 * void audit(WxSessionEvent event) {
 *     log.info("session {}: {}", event.sessionId(), event);
 * }
 * </pre>
 *
 * Listeners run on the request's thread, after the answer's data is settled but before it is sent:
 * keep them quick, or make them {@code @Async}. An exception of a listener does not undo what
 * happened.
 *
 * @since 0.2.0
 */
public sealed interface WxSessionEvent
		permits WxLoginEvent, WxTokenRefreshedEvent, WxLogoutEvent, WxSessionRevokedEvent, WxRefreshTokenReusedEvent {

	/**
	 * The session ({@code sid}) the event is about.
	 * @return the session id
	 */
	String sessionId();

}
