// The HTML shell of the demo page served by `moqwire serve` at /.
export const DEMO_HTML = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>moqwire demo clock</title>
<style>body{font:16px system-ui;margin:3em}#clock{font:2.5em ui-monospace,monospace}</style>
<h1>demo/clock</h1>
<p id="status">connecting…</p>
<p id="clock">–</p>
<p><button id="fetch">FETCH the previous second</button> <span id="past"></span></p>
<script type="module" src="/demo.js"></script>
</html>
`;
