package io.github.wxminiauth.wechat.internal;

import java.net.ConnectException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TlsFailureDiagnosis}: what an operator reads when WeChat cannot be reached.
 */
class TlsFailureDiagnosisTests {

	private static final String URL = "https://api.weixin.qq.com/sns/jscode2session?secret=the-app-secret";

	@Test
	void aNonTlsFailureIsNamedByItsClassOnly() {
		assertThat(TlsFailureDiagnosis.describe(new ConnectException("Connection refused: " + URL)))
			.isEqualTo("ConnectException");
	}

	@Test
	void aHostNameMismatchSaysSo() {
		assertThat(TlsFailureDiagnosis.describe(new SSLPeerUnverifiedException(URL))).isEqualTo(
				"SSLPeerUnverifiedException: TLS handshake failed, the server's certificate does not match its host name");
	}

	@Test
	void anUntrustedCertificateAnywhereInTheCausesPointsToTheSslBundleProperty() {
		SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed " + URL);
		handshake.initCause(new SSLException("wrapped", new CertificateException(new CertPathValidatorException())));

		assertThat(TlsFailureDiagnosis.describe(handshake)).isEqualTo("SSLHandshakeException: TLS handshake failed, "
				+ "the server's certificate is not trusted (for a proxy or private certificate authority, "
				+ "trust it with wxmini.http.ssl-bundle)");
	}

	@Test
	void anotherTlsFailureIsAFailedHandshake() {
		assertThat(TlsFailureDiagnosis.describe(new SSLHandshakeException("no cipher suites in common " + URL)))
			.isEqualTo("SSLHandshakeException: TLS handshake failed");
	}

	@Test
	void aCauseChainThatPointsAtItselfEnds() {
		SSLException selfCaused = new SSLException("loop") {

			@Override
			public synchronized Throwable getCause() {
				return this;
			}

		};
		SSLException outer = new SSLException("outer", selfCaused);

		assertThat(TlsFailureDiagnosis.describe(outer)).isEqualTo("SSLException: TLS handshake failed");
	}

}
