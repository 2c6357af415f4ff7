import { Typography } from "@mui/material";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Route, Routes, useParams } from "react-router";

import { RequireLogin } from "./auth";
import Layout from "./components/Layout";
import CaseView from "./pages/CaseView";
import Catalog from "./pages/Catalog";
import Home from "./pages/Home";
import Inbox from "./pages/Inbox";
import Login from "./pages/Login";
import MyCases from "./pages/MyCases";
import NewCase from "./pages/NewCase";
import Queues from "./pages/Queues";
import Screener from "./pages/Screener";
import Workstation from "./pages/Workstation";

// ECharts is most of the bundle and only the dashboard draws: loaded when it is opened.
const Dashboard = lazy(() => import("./pages/Dashboard"));

// A case view per case: going from one case to another starts afresh (nothing of the first
// case's state, or its version, carries over).
function OneCase() {
  const { id } = useParams();
  return <CaseView key={id} />;
}

export default function App() {
  const { t } = useTranslation();
  return (
    <Layout>
      <Suspense fallback={<Typography>{t("common.loading")}</Typography>}>
        <Routes>
          <Route path="/" element={<Home />} />
          <Route path="/login" element={<Login />} />
          <Route path="/screener" element={<Screener />} />
          <Route path="/catalog" element={<Catalog />} />
          <Route
            path="/workstation"
            element={
              <RequireLogin>
                <Workstation />
              </RequireLogin>
            }
          />
          <Route
            path="/cases/new"
            element={
              <RequireLogin>
                <NewCase />
              </RequireLogin>
            }
          />
          <Route
            path="/cases/:id"
            element={
              <RequireLogin>
                <OneCase />
              </RequireLogin>
            }
          />
          <Route
            path="/queues"
            element={
              <RequireLogin>
                <Queues />
              </RequireLogin>
            }
          />
          <Route
            path="/my"
            element={
              <RequireLogin>
                <MyCases />
              </RequireLogin>
            }
          />
          <Route
            path="/inbox"
            element={
              <RequireLogin>
                <Inbox />
              </RequireLogin>
            }
          />
          <Route
            path="/dashboard"
            element={
              <RequireLogin>
                <Dashboard />
              </RequireLogin>
            }
          />
          <Route path="*" element={<Home />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}
