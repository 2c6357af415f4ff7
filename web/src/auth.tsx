import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { Navigate, useLocation } from "react-router";

import { api, sessionEndedEvent, setToken } from "./api/client";

export interface User {
  login: string;
  role: string;
  agency: string;
  name: string;
}

interface Auth {
  user: User | null;
  logIn(login: string, password: string): Promise<User>;
  logOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(() => {
    const stored = sessionStorage.getItem("okno.user");
    return stored ? (JSON.parse(stored) as User) : null;
  });
  useEffect(() => {
    const ended = () => {
      setToken(null);
      sessionStorage.removeItem("okno.user");
      setUser(null);
    };
    window.addEventListener(sessionEndedEvent, ended);
    return () => window.removeEventListener(sessionEndedEvent, ended);
  }, []);
  const auth: Auth = {
    user,
    async logIn(login, password) {
      const session = await api<{ token: string; user: User }>("POST", "/api/v1/sessions", {
        body: { login, password },
      });
      setToken(session.token);
      sessionStorage.setItem("okno.user", JSON.stringify(session.user));
      setUser(session.user);
      return session.user;
    },
    async logOut() {
      try {
        await api("DELETE", "/api/v1/sessions");
      } finally {
        setToken(null);
        sessionStorage.removeItem("okno.user");
        setUser(null);
      }
    },
  };
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

// Where each role starts its day: the view its work is in.
export function startPageOf(role: string): string {
  const start: Record<string, string> = {
    operator: "/workstation",
    case_manager: "/queues",
    citizen: "/my",
    agency_worker: "/inbox",
    methodologist: "/dashboard",
    analyst: "/dashboard",
  };
  return start[role] ?? "/";
}

// A view for someone logged in: anyone else is asked to log in first and comes back here.
export function RequireLogin({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (!user) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  return <>{children}</>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}
