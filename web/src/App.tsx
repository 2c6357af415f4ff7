import { Route, Routes } from "react-router";

import Layout from "./components/Layout";
import CaseView from "./pages/CaseView";
import Catalog from "./pages/Catalog";
import Dashboard from "./pages/Dashboard";
import Home from "./pages/Home";
import Inbox from "./pages/Inbox";
import Login from "./pages/Login";
import MyCases from "./pages/MyCases";
import NewCase from "./pages/NewCase";
import Queues from "./pages/Queues";
import Screener from "./pages/Screener";
import Workstation from "./pages/Workstation";

export default function App() {
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/login" element={<Login />} />
        <Route path="/screener" element={<Screener />} />
        <Route path="/catalog" element={<Catalog />} />
        <Route path="/workstation" element={<Workstation />} />
        <Route path="/cases/new" element={<NewCase />} />
        <Route path="/cases/:id" element={<CaseView />} />
        <Route path="/queues" element={<Queues />} />
        <Route path="/my" element={<MyCases />} />
        <Route path="/inbox" element={<Inbox />} />
        <Route path="/dashboard" element={<Dashboard />} />
        <Route path="*" element={<Home />} />
      </Routes>
    </Layout>
  );
}
