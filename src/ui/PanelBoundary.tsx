import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** Keeps one panel's failure from taking the page down: the panel says what happened, the rest works. */
export class PanelBoundary extends Component<{ name: string; children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  render() {
    if (this.state.error) {
      return (
        <div role="alert" className="panel-error">
          <p>
            The {this.props.name} panel stopped because of an error: {this.state.error.message}
          </p>
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
