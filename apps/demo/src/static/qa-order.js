// The order page's "Retry now": asks the relay to send the order's pending or failed deliveries at once
// (POST /qa/api/redeliver, JSON so that a cross-site form cannot forge it), then shows the new explanation.
const button = document.getElementById('retry-now');
const orderId = document.body.dataset.orderId;
if (button && orderId) {
  button.addEventListener('click', async () => {
    button.disabled = true;
    const said = document.querySelector('[data-slot="retry-result"]');
    try {
      const response = await fetch('/qa/api/redeliver', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ orderId }),
      });
      if (!response.ok) throw new Error(`the demo answered ${response.status}`);
      window.location.reload();
    } catch (error) {
      if (said) said.textContent = `Retry failed: ${error instanceof Error ? error.message : String(error)}`;
      button.disabled = false;
    }
  });
}
