'use strict';

// Starts the sample app jar on a free port for the tests and stops it again.

const { spawn } = require('node:child_process');

// An administrator of the started app (sample.admin-openids), for tests of the admin endpoints.
const ADMIN_OPENID = 'o_client_test_admin';
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const DEFAULT_JAR = path.resolve(__dirname, '..', '..', 'target', 'wxmini-auth-sample-app-0.1.0.jar');
const STARTUP_TIMEOUT_MS = 180 * 1000;
const OUTPUT_LINES = 200;

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Starts the sample app (jar from env SAMPLE_JAR, default the Maven target jar) with a fixed JWT
 * secret on a free port and waits until it answers HTTP.
 * @returns {Promise<{baseUrl: string, stop: function(): Promise<void>, output: function(): string}>}
 */
async function startSampleApp() {
	const jar = process.env.SAMPLE_JAR || DEFAULT_JAR;
	if (!fs.existsSync(jar)) {
		throw new Error(`Sample app jar not found: ${jar}. Build it (mvn -DskipTests package) or set SAMPLE_JAR.`);
	}
	const port = await freePort();
	const secret = crypto.randomBytes(32).toString('hex');
	const child = spawn(process.env.JAVA || 'java', ['-jar', jar, `--server.port=${port}`,
		`--wxmini.jwt.secret=${secret}`, '--wxmini.rate-limit.enabled=false', `--sample.admin-openids=${ADMIN_OPENID}`], { stdio: ['ignore', 'pipe', 'pipe'] });
	const lines = [];
	const keep = (chunk) => {
		lines.push(...chunk.toString().split('\n'));
		lines.splice(0, Math.max(0, lines.length - OUTPUT_LINES));
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	let exited = null;
	const exit = new Promise((resolve) => child.on('exit', (code, signal) => {
		exited = { code, signal };
		resolve();
	}));
	// the jar must not outlive the test process, whichever way it ends
	const killNow = () => {
		if (exited === null) {
			child.kill('SIGKILL');
		}
	};
	const onSignal = (signal) => {
		killNow();
		process.exit(signal === 'SIGINT' ? 130 : 143);
	};
	process.on('exit', killNow);
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);

	async function stop() {
		process.removeListener('exit', killNow);
		process.removeListener('SIGINT', onSignal);
		process.removeListener('SIGTERM', onSignal);
		if (exited === null) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
			await exit;
			clearTimeout(timer);
		}
	}

	const baseUrl = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + STARTUP_TIMEOUT_MS;
	for (;;) {
		if (exited !== null) {
			throw new Error(`The sample app exited (${JSON.stringify(exited)}) before answering:\n${lines.join('\n')}`);
		}
		try {
			// any HTTP answer will do: /api/me says 401 until someone logs in
			await fetch(`${baseUrl}/api/me`, { signal: AbortSignal.timeout(2000) });
			break;
		}
		catch (err) {
			if (Date.now() > deadline) {
				await stop();
				throw new Error(`The sample app did not answer on ${baseUrl} within ${STARTUP_TIMEOUT_MS} ms:\n${lines.join('\n')}`);
			}
			await delay(250);
		}
	}
	return { baseUrl, stop, output: () => lines.join('\n') };
}

module.exports = { ADMIN_OPENID, startSampleApp };
