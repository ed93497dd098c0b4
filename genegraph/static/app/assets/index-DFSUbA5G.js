(function(){const n=document.createElement("link").relList;if(n&&n.supports&&n.supports("modulepreload"))return;for(const s of document.querySelectorAll('link[rel="modulepreload"]'))o(s);new MutationObserver(s=>{for(const i of s)if(i.type==="childList")for(const d of i.addedNodes)d.tagName==="LINK"&&d.rel==="modulepreload"&&o(d)}).observe(document,{childList:!0,subtree:!0});function r(s){const i={};return s.integrity&&(i.integrity=s.integrity),s.referrerPolicy&&(i.referrerPolicy=s.referrerPolicy),s.crossOrigin==="use-credentials"?i.credentials="include":s.crossOrigin==="anonymous"?i.credentials="omit":i.credentials="same-origin",i}function o(s){if(s.ep)return;s.ep=!0;const i=r(s);fetch(s.href,i)}})();var ae,v,je,A,Ce,We,ze,he,Z,F,Ke,ge,pe,me,oe={},ie=[],sn=/acit|ex(?:s|g|n|p|$)|rph|grid|ows|mnc|ntw|ine[ch]|zoo|^ord|itera/i,ce=Array.isArray;function C(e,n){for(var r in n)e[r]=n[r];return e}function ye(e){e&&e.parentNode&&e.parentNode.removeChild(e)}function ln(e,n,r){var o,s,i,d={};for(i in n)i=="key"?o=n[i]:i=="ref"?s=n[i]:d[i]=n[i];if(arguments.length>2&&(d.children=arguments.length>3?ae.call(arguments,2):r),typeof e=="function"&&e.defaultProps!=null)for(i in e.defaultProps)d[i]===void 0&&(d[i]=e.defaultProps[i]);return ee(e,d,o,s,null)}function ee(e,n,r,o,s){var i={type:e,props:n,key:r,ref:o,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:s??++je,__i:-1,__u:0};return s==null&&v.vnode!=null&&v.vnode(i),i}function k(e){return e.children}function ne(e,n){this.props=e,this.context=n}function D(e,n){if(n==null)return e.__?D(e.__,e.__i+1):null;for(var r;n<e.__k.length;n++)if((r=e.__k[n])!=null&&r.__e!=null)return r.__e;return typeof e.type=="function"?D(e):null}function an(e){if(e.__P&&e.__d){var n=e.__v,r=n.__e,o=[],s=[],i=C({},n);i.__v=n.__v+1,v.vnode&&v.vnode(i),ve(e.__P,i,n,e.__n,e.__P.namespaceURI,32&n.__u?[r]:null,o,r??D(n),!!(32&n.__u),s),i.__v=n.__v,i.__.__k[i.__i]=i,Je(o,i,s),n.__e=n.__=null,i.__e!=r&&Qe(i)}}function Qe(e){if((e=e.__)!=null&&e.__c!=null)return e.__e=e.__c.base=null,e.__k.some(function(n){if(n!=null&&n.__e!=null)return e.__e=e.__c.base=n.__e}),Qe(e)}function Ie(e){(!e.__d&&(e.__d=!0)&&A.push(e)&&!se.__r++||Ce!=v.debounceRendering)&&((Ce=v.debounceRendering)||We)(se)}function se(){try{for(var e,n=1;A.length;)A.length>n&&A.sort(ze),e=A.shift(),n=A.length,an(e)}finally{A.length=se.__r=0}}function Ve(e,n,r,o,s,i,d,a,h,c,u){var y,l,_,p,f,b,m=o&&o.__k||ie,g=n.length;for(h=cn(r,n,m,h,g),y=0;y<g;y++)(_=r.__k[y])!=null&&(l=_.__i!=-1&&m[_.__i]||oe,_.__i=y,b=ve(e,_,l,s,i,d,a,h,c,u),p=_.__e,_.ref&&l.ref!=_.ref&&(l.ref&&be(l.ref,null,_),u.push(_.ref,_.__c||p,_)),f==null&&p!=null&&(f=p),4&_.__u?(h=Xe(_,h,e),l.__e&&(l.__e=null)):typeof _.type=="function"&&b!==void 0?h=b:p&&(h=p.nextSibling),_.__u&=-7);return r.__e=f,h}function cn(e,n,r,o,s){var i,d,a,h,c,u=r.length,y=u,l=0;for(e.__k=new Array(s),i=0;i<s;i++)(d=n[i])!=null&&typeof d!="boolean"&&typeof d!="function"?(typeof d=="string"||typeof d=="number"||typeof d=="bigint"||d.constructor==String?d=e.__k[i]=ee(null,d,null,null,null):ce(d)?d=e.__k[i]=ee(k,{children:d},null,null,null):d.constructor===void 0&&d.__b>0?d=e.__k[i]=ee(d.type,d.props,d.key,d.ref?d.ref:null,d.__v):e.__k[i]=d,h=i+l,d.__=e,d.__b=e.__b+1,a=null,(c=d.__i=dn(d,r,h,y))!=-1&&(y--,(a=r[c])&&(a.__u|=2)),a==null||a.__v==null?(c==-1&&(s>u?l--:s<u&&l++),typeof d.type!="function"&&(d.__u|=4)):c!=h&&(c==h-1?l--:c==h+1?l++:(c>h?l--:l++,d.__u|=4))):e.__k[i]=null;if(y)for(i=0;i<u;i++)(a=r[i])!=null&&(2&a.__u)==0&&(a.__e==o&&(o=D(a)),en(a,a));return o}function Xe(e,n,r){var o,s;if(typeof e.type=="function"){for(o=e.__k,s=0;o&&s<o.length;s++)o[s]&&(o[s].__=e,n=Xe(o[s],n,r));return n}e.__e!=n&&(n&&e.type&&!n.parentNode&&(n=D(e)),n=r.insertBefore(e.__e,n||null));do n=n&&n.nextSibling;while(n!=null&&n.nodeType==8);return n}function dn(e,n,r,o){var s,i,d,a=e.key,h=e.type,c=n[r],u=c!=null&&(2&c.__u)==0;if(c===null&&a==null||u&&a==c.key&&h==c.type)return r;if(o>(u?1:0)){for(s=r-1,i=r+1;s>=0||i<n.length;)if((c=n[d=s>=0?s--:i++])!=null&&(2&c.__u)==0&&a==c.key&&h==c.type)return d}return-1}function Pe(e,n,r){n[0]=="-"?e.setProperty(n,r??""):e[n]=r==null?"":typeof r!="number"||sn.test(n)?r:r+"px"}function V(e,n,r,o,s){var i,d;e:if(n=="style")if(typeof r=="string")e.style.cssText=r;else{if(typeof o=="string"&&(e.style.cssText=o=""),o)for(n in o)r&&n in r||Pe(e.style,n,"");if(r)for(n in r)o&&r[n]==o[n]||Pe(e.style,n,r[n])}else if(n[0]=="o"&&n[1]=="n")i=n!=(n=n.replace(Ke,"$1")),d=n.toLowerCase(),n=d in e||n=="onFocusOut"||n=="onFocusIn"?d.slice(2):n.slice(2),e.l||(e.l={}),e.l[n+i]=r,r?o?r[F]=o[F]:(r[F]=ge,e.addEventListener(n,i?me:pe,i)):e.removeEventListener(n,i?me:pe,i);else{if(s=="http://www.w3.org/2000/svg")n=n.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(n!="width"&&n!="height"&&n!="href"&&n!="list"&&n!="form"&&n!="tabIndex"&&n!="download"&&n!="rowSpan"&&n!="colSpan"&&n!="role"&&n!="popover"&&n in e)try{e[n]=r??"";break e}catch{}typeof r=="function"||(r==null||r===!1&&n[4]!="-"?e.removeAttribute(n):e.setAttribute(n,n=="popover"&&r==1?"":r))}}function Ae(e){return function(n){if(this.l){var r=this.l[n.type+e];if(n[Z]==null)n[Z]=ge++;else if(n[Z]<r[F])return;return r(v.event?v.event(n):n)}}}function ve(e,n,r,o,s,i,d,a,h,c){var u,y,l,_,p,f,b,m,g,x,L,E,q,Te,Q,de,N=n.type;if(n.constructor!==void 0)return null;128&r.__u&&(h=!!(32&r.__u),i=[a=n.__e=r.__e]),(u=v.__b)&&u(n);e:if(typeof N=="function"){y=d.length;try{if(g=n.props,x=N.prototype&&N.prototype.render,L=(u=N.contextType)&&o[u.__c],E=u?L?L.props.value:u.__:o,r.__c?m=(l=n.__c=r.__c).__=l.__E:(x?n.__c=l=new N(g,E):(n.__c=l=new ne(g,E),l.constructor=N,l.render=_n),L&&L.sub(l),l.state||(l.state={}),l.__n=o,_=l.__d=!0,l.__h=[],l._sb=[]),x&&l.__s==null&&(l.__s=l.state),x&&N.getDerivedStateFromProps!=null&&(l.__s==l.state&&(l.__s=C({},l.__s)),C(l.__s,N.getDerivedStateFromProps(g,l.__s))),p=l.props,f=l.state,l.__v=n,_)x&&N.getDerivedStateFromProps==null&&l.componentWillMount!=null&&l.componentWillMount(),x&&l.componentDidMount!=null&&l.__h.push(l.componentDidMount);else{if(x&&N.getDerivedStateFromProps==null&&g!==p&&l.componentWillReceiveProps!=null&&l.componentWillReceiveProps(g,E),n.__v==r.__v||!l.__e&&l.shouldComponentUpdate!=null&&l.shouldComponentUpdate(g,l.__s,E)===!1){n.__v!=r.__v&&(l.props=g,l.state=l.__s,l.__d=!1),n.__e=r.__e,n.__k=r.__k,n.__k.some(function(G){G&&(G.__=n)}),ie.push.apply(l.__h,l._sb),l._sb=[],l.__h.length&&d.push(l),a=D(r);break e}l.componentWillUpdate!=null&&l.componentWillUpdate(g,l.__s,E),x&&l.componentDidUpdate!=null&&l.__h.push(function(){l.componentDidUpdate(p,f,b)})}if(l.context=E,l.props=g,l.__P=e,l.__e=!1,q=v.__r,Te=0,x)l.state=l.__s,l.__d=!1,q&&q(n),u=l.render(l.props,l.state,l.context),ie.push.apply(l.__h,l._sb),l._sb=[];else do l.__d=!1,q&&q(n),u=l.render(l.props,l.state,l.context),l.state=l.__s;while(l.__d&&++Te<25);l.state=l.__s,l.getChildContext!=null&&(o=C(C({},o),l.getChildContext())),x&&!_&&l.getSnapshotBeforeUpdate!=null&&(b=l.getSnapshotBeforeUpdate(p,f)),Q=u!=null&&u.type===k&&u.key==null?Ze(u.props.children):u,a=Ve(e,ce(Q)?Q:[Q],n,r,o,s,i,d,a,h,c),l.base=n.__e,n.__u&=-161,l.__h.length&&d.push(l),m&&(l.__E=l.__=null)}catch(G){if(d.length=y,n.__v=null,h||i!=null){if(G.then){for(n.__u|=h?160:128;a&&a.nodeType==8&&a.nextSibling;)a=a.nextSibling;i!=null&&(i[i.indexOf(a)]=null),n.__e=a}else if(i!=null)for(de=i.length;de--;)ye(i[de])}else n.__e=r.__e;n.__k==null&&(n.__k=r.__k||[]),G.then||Ye(n),v.__e(G,n,r)}}else i==null&&n.__v==r.__v?(n.__k=r.__k,n.__e=r.__e):a=n.__e=hn(r.__e,n,r,o,s,i,d,h,c);return(u=v.diffed)&&u(n),128&n.__u?void 0:a}function Ye(e){e&&(e.__c&&(e.__c.__e=!0),e.__k&&e.__k.some(Ye))}function Je(e,n,r){for(var o=0;o<r.length;o++)be(r[o],r[++o],r[++o]);v.__c&&v.__c(n,e),e.some(function(s){try{e=s.__h,s.__h=[],e.some(function(i){i.call(s)})}catch(i){v.__e(i,s.__v)}})}function Ze(e){return typeof e!="object"||e==null||e.__b>0?e:ce(e)?e.map(Ze):e.constructor!==void 0?null:C({},e)}function hn(e,n,r,o,s,i,d,a,h){var c,u,y,l,_,p,f,b=r.props||oe,m=n.props,g=n.type;if(g=="svg"?s="http://www.w3.org/2000/svg":g=="math"?s="http://www.w3.org/1998/Math/MathML":s||(s="http://www.w3.org/1999/xhtml"),i!=null){for(c=0;c<i.length;c++)if((_=i[c])&&"setAttribute"in _==!!g&&(g?_.localName==g:_.nodeType==3)){e=_,i[c]=null;break}}if(e==null){if(g==null)return document.createTextNode(m);e=document.createElementNS(s,g,m.is&&m),a&&(v.__m&&v.__m(n,i),a=!1),i=null}if(g==null)b===m||a&&e.data==m||(e.data=m);else{if(i=g=="textarea"&&m.defaultValue!=null?null:i&&ae.call(e.childNodes),!a&&i!=null)for(b={},c=0;c<e.attributes.length;c++)b[(_=e.attributes[c]).name]=_.value;for(c in b)_=b[c],c=="dangerouslySetInnerHTML"?y=_:c=="children"||c in m||c=="value"&&"defaultValue"in m||c=="checked"&&"defaultChecked"in m||V(e,c,null,_,s);for(c in m)_=m[c],c=="children"?l=_:c=="dangerouslySetInnerHTML"?u=_:c=="value"?p=_:c=="checked"?f=_:a&&typeof _!="function"||b[c]===_||V(e,c,_,b[c],s);if(u)a||y&&(u.__html==y.__html||u.__html==e.innerHTML)||(e.innerHTML=u.__html),n.__k=[];else if(y&&(e.innerHTML=""),Ve(n.type=="template"?e.content:e,ce(l)?l:[l],n,r,o,g=="foreignObject"?"http://www.w3.org/1999/xhtml":s,i,d,i?i[0]:r.__k&&D(r,0),a,h),i!=null)for(c=i.length;c--;)ye(i[c]);a&&g!="textarea"||(c="value",g=="progress"&&p==null?e.removeAttribute("value"):p!=null&&(p!==e[c]||g=="progress"&&!p||g=="option"&&p!=b[c])&&V(e,c,p,b[c],s),c="checked",f!=null&&f!=e[c]&&V(e,c,f,b[c],s))}return e}function be(e,n,r){try{if(typeof e=="function"){var o=typeof e.__u=="function";o&&e.__u(),o&&n==null||(e.__u=e(n))}else e.current=n}catch(s){v.__e(s,r)}}function en(e,n,r){var o,s;if(v.unmount&&v.unmount(e),(o=e.ref)&&(o.current&&o.current!=e.__e||be(o,null,n)),(o=e.__c)!=null){if(o.componentWillUnmount)try{o.componentWillUnmount()}catch(i){v.__e(i,n)}o.base=o.__P=o.__n=null}if(o=e.__k)for(s=0;s<o.length;s++)o[s]&&en(o[s],n,r||typeof e.type!="function");r||ye(e.__e),e.__c=e.__=e.__e=void 0}function _n(e,n,r){return this.constructor(e,r)}function un(e,n,r){var o,s,i,d;n==document&&(n=document.documentElement),v.__&&v.__(e,n),s=(o=!1)?null:n.__k,i=[],d=[],ve(n,e=n.__k=ln(k,null,[e]),s||oe,oe,n.namespaceURI,s?null:n.firstChild?ae.call(n.childNodes):null,i,s?s.__e:n.firstChild,o,d),Je(i,e,d),e.props.children=null}ae=ie.slice,v={__e:function(e,n,r,o){for(var s,i,d;n=n.__;)if((s=n.__c)&&!s.__)try{if((i=s.constructor)&&i.getDerivedStateFromError!=null&&(s.setState(i.getDerivedStateFromError(e)),d=s.__d),s.componentDidCatch!=null&&(s.componentDidCatch(e,o||{}),d=s.__d),d)return s.__E=s}catch(a){e=a}throw e}},je=0,ne.prototype.setState=function(e,n){var r;r=this.__s!=null&&this.__s!=this.state?this.__s:this.__s=C({},this.state),typeof e=="function"&&(e=e(C({},r),this.props)),e&&C(r,e),e!=null&&this.__v&&(n&&this._sb.push(n),Ie(this))},ne.prototype.forceUpdate=function(e){this.__v&&(this.__e=!0,e&&this.__h.push(e),Ie(this))},ne.prototype.render=k,A=[],We=typeof Promise=="function"?Promise.prototype.then.bind(Promise.resolve()):setTimeout,ze=function(e,n){return e.__v.__b-n.__v.__b},se.__r=0,he=Math.random().toString(8),Z="__d"+he,F="__a"+he,Ke=/(PointerCapture)$|Capture$/i,ge=0,pe=Ae(!1),me=Ae(!0);var pn=0;function t(e,n,r,o,s,i){n||(n={});var d,a,h=n;if("ref"in h)for(a in h={},n)a=="ref"?d=n[a]:h[a]=n[a];var c={type:e,props:h,key:r,ref:d,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:--pn,__i:-1,__u:0,__source:s,__self:i};if(typeof e=="function"&&(d=e.defaultProps))for(a in d)h[a]===void 0&&(h[a]=d[a]);return v.vnode&&v.vnode(c),c}var W,S,_e,Le,le=0,nn=[],$=v,Ee=$.__b,De=$.__r,Ge=$.diffed,Oe=$.__c,Me=$.unmount,Re=$.__;function we(e,n){$.__h&&$.__h(S,e,le||n),le=0;var r=S.__H||(S.__H={__:[],__h:[]});return e>=r.__.length&&r.__.push({}),r.__[e]}function w(e){return le=1,mn(rn,e)}function mn(e,n,r){var o=we(W++,2);if(o.t=e,!o.__c&&(o.__=[rn(void 0,n),function(a){var h=o.__N?o.__N[0]:o.__[0],c=o.t(h,a);h!==c&&(o.__N=[c,o.__[1]],o.__c.setState({}))}],o.__c=S,!S.__f)){var s=function(a,h,c){if(!o.__c.__H)return!0;var u=!1,y=o.__c.props!==a;if(o.__c.__H.__.some(function(_){if(_.__N){u=!0;var p=_.__[0];_.__=_.__N,_.__N=void 0,p!==_.__[0]&&(y=!0)}}),i){var l=i.call(this,a,h,c);return u?l||y:l}return!u||y};S.__f=!0;var i=S.shouldComponentUpdate,d=S.componentWillUpdate;S.componentWillUpdate=function(a,h,c){if(this.__e){var u=i;i=void 0,s(a,h,c),i=u}d&&d.call(this,a,h,c)},S.shouldComponentUpdate=s}return o.__N||o.__}function I(e,n){var r=we(W++,3);!$.__s&&tn(r.__H,n)&&(r.__=e,r.u=n,S.__H.__h.push(r))}function fn(e){return le=5,gn(function(){return{current:e}},[])}function gn(e,n){var r=we(W++,7);return tn(r.__H,n)&&(r.__=e(),r.__H=n,r.__h=e),r.__}function yn(){for(var e;e=nn.shift();){var n=e.__H;if(e.__P&&n)try{n.__h.some(te),n.__h.some(fe),n.__h=[]}catch(r){n.__h=[],$.__e(r,e.__v)}}}$.__b=function(e){S=null,Ee&&Ee(e)},$.__=function(e,n){e&&n.__k&&n.__k.__m&&(e.__m=n.__k.__m),Re&&Re(e,n)},$.__r=function(e){De&&De(e),W=0;var n=(S=e.__c).__H;n&&(_e===S?(n.__h=[],S.__h=[],n.__.some(function(r){r.__N&&(r.__=r.__N),r.u=r.__N=void 0})):(n.__h.some(te),n.__h.some(fe),n.__h=[],W=0)),_e=S},$.diffed=function(e){Ge&&Ge(e);var n=e.__c;n&&n.__H&&(n.__H.__h.length&&(nn.push(n)!==1&&Le===$.requestAnimationFrame||((Le=$.requestAnimationFrame)||vn)(yn)),n.__H.__.some(function(r){r.u&&(r.__H=r.u,r.u=void 0)})),_e=S=null},$.__c=function(e,n){n.some(function(r){try{r.__h.some(te),r.__h=r.__h.filter(function(o){return!o.__||fe(o)})}catch(o){n.some(function(s){s.__h&&(s.__h=[])}),n=[],$.__e(o,r.__v)}}),Oe&&Oe(e,n)},$.unmount=function(e){Me&&Me(e);var n,r=e.__c;r&&r.__H&&(r.__H.__.some(function(o){try{te(o)}catch(s){n=s}}),r.__H=void 0,n&&$.__e(n,r.__v))};var Ue=typeof requestAnimationFrame=="function";function vn(e){var n,r=function(){clearTimeout(o),Ue&&cancelAnimationFrame(n),setTimeout(e)},o=setTimeout(r,35);Ue&&(n=requestAnimationFrame(r))}function te(e){var n=S,r=e.__c;typeof r=="function"&&(e.__c=void 0,r()),S=n}function fe(e){var n=S;e.__c=e.__(),S=n}function tn(e,n){return!e||e.length!==n.length||n.some(function(r,o){return r!==e[o]})}function rn(e,n){return typeof n=="function"?n(e):n}class ue extends Error{}async function U(e,n,r){const o=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json"},body:JSON.stringify({query:e.toString(),variables:n}),signal:r});let s;try{s=await o.json()}catch{throw new ue(`The server answered ${o.status} without GraphQL.`)}if(s.errors?.length)throw new ue(s.errors.map(i=>i.message).join("; "));if(!s.data)throw new ue(`The server answered ${o.status}.`);return s.data}function qe(e){const n=e.pathname,r=new URLSearchParams(e.search),o=i=>decodeURIComponent(n.slice(i.length)),s=Number(r.get("taxon"))||null;return n.startsWith("/gene/")?{page:"gene",id:o("/gene/"),taxon:s}:n.startsWith("/term/")?{page:"term",id:o("/term/")}:n==="/enrichment"?{page:"enrichment"}:n==="/"||n==="/search"?{page:"search",query:r.get("q")??"",taxon:s}:{page:"missing",path:n}}const R=e=>`/gene/${encodeURIComponent(e)}`,z=e=>`/term/${encodeURIComponent(e)}`;function re(e,n=!1){n?history.replaceState(null,"",e):history.pushState(null,"",e),dispatchEvent(new PopStateEvent("popstate")),n||scrollTo(0,0)}function bn(){const[e,n]=w(()=>qe(location));return I(()=>{const r=()=>n(qe(location));return addEventListener("popstate",r),()=>removeEventListener("popstate",r)},[]),e}function wn(){document.addEventListener("click",e=>{if(e.defaultPrevented||e.button!==0||e.metaKey||e.ctrlKey||e.shiftKey||e.altKey)return;const n=e.target.closest?.("a");if(!n||n.target||n.hasAttribute("download"))return;const r=new URL(n.href,location.href);r.origin!==location.origin||!n.hasAttribute("data-app")||(e.preventDefault(),re(r.pathname+r.search))})}const O=22,T=230,H=300,Sn=1e-300;function $n(e,n){return e.length>n?`${e.slice(0,n-1)}…`:e}function xn({terms:e}){const n=e.slice(0,20),r=a=>-Math.log10(Math.max(a,Sn)),o=r(.05),s=Math.max(o*1.2,...n.map(a=>r(a.fdr))),i=a=>T+a/s*H,d=n.length*O+34;return t("figure",{class:"plot",children:t("div",{class:"scroll",children:t("svg",{role:"img","aria-label":`−log10 FDR of the ${n.length} most enriched terms`,viewBox:`0 0 ${T+H+60} ${d}`,width:T+H+60,height:d,children:[n.map((a,h)=>{const c=h*O+4,u=r(a.fdr);return t("a",{href:z(a.term.id),"data-app":!0,children:[t("text",{x:T-6,y:c+14,"text-anchor":"end",class:"label",children:$n(a.term.name,34)}),t("rect",{class:a.fdr<.05?"bar significant":"bar",x:T,y:c+2,width:Math.max(1,i(u)-T),height:O-6}),t("text",{x:i(u)+4,y:c+14,class:"value",children:u.toFixed(2)}),t("title",{children:`${a.term.id} ${a.term.name}: FDR ${a.fdr.toPrecision(3)}`})]},a.term.id)}),t("line",{class:"threshold",x1:i(o),x2:i(o),y1:0,y2:n.length*O+6}),t("line",{class:"axis",x1:T,x2:T+H,y1:n.length*O+6,y2:n.length*O+6}),t("text",{x:T+H/2,y:d-4,"text-anchor":"middle",class:"axis-label",children:"−log10 FDR (dashed: FDR 0.05)"})]})})})}class P extends String{constructor(n,r){super(n),this.value=n,this.__meta__=r}toString(){return this.value}}new P(`
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}
    `,{fragmentName:"SpeciesName"});const kn=new P(`
    query Search($query: String!, $taxon: Int, $first: Int) {
  search(query: $query, taxon: $taxon, first: $first) {
    totalCount
    nodes {
      matchedBy
      matchedText
      gene {
        id
        symbol
        name
        species {
          ...SpeciesName
        }
      }
    }
  }
}
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}`),Nn=new P(`
    query GenePage($id: ID, $symbol: String, $taxon: Int) {
  gene(id: $id, symbol: $symbol, taxon: $taxon) {
    id
    geneId
    symbol
    name
    summary
    summaryProvenance
    type
    chromosome
    mapLocation
    aliases
    species {
      ...SpeciesName
    }
    xrefs {
      database
      id
      url
    }
    orthologs {
      sources
      gene {
        id
        symbol
        name
        species {
          ...SpeciesName
        }
      }
    }
    annotations {
      term {
        id
        name
        category
      }
      evidence
      qualifier
      source
      references
    }
    changes {
      description
      source
    }
    history {
      discontinuedGenes {
        id
        symbol
        discontinuedOn
      }
      annotationChanges {
        release {
          number
          loadedAt
        }
        added {
          termId
          evidence
          source
        }
        removed {
          termId
          evidence
          source
        }
      }
    }
  }
}
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}`),Tn=new P(`
    query TermPage($id: ID!) {
  goTerm(id: $id) {
    id
    name
    category
    definition
    isObsolete
    replacedBy
    consider
    altIds
    quickGoUrl
    amigoUrl
    synonyms {
      text
      scope
    }
    parents {
      relation
      term {
        id
      }
    }
    ancestors {
      id
      name
      parents {
        relation
        term {
          id
        }
      }
    }
  }
}
    `),Cn=new P(`
    query TermGenes($id: ID!, $taxon: Int, $first: Int, $after: String) {
  goTerm(id: $id) {
    id
    genes(taxon: $taxon, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        symbol
        name
        species {
          ...SpeciesName
        }
      }
    }
  }
}
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}`),In=new P(`
    query ResolveGenes($ids: [ID!], $symbols: [String!], $taxon: Int!) {
  genes(ids: $ids, symbols: $symbols, taxon: $taxon) {
    input
    problem
    gene {
      id
      symbol
    }
  }
}
    `),Pn=new P(`
    query Enrichment($genes: [ID!]!, $taxon: Int!, $category: GOCategory) {
  enrichment(genes: $genes, taxon: $taxon, category: $category, maxResults: 50) {
    studySize
    backgroundSize
    testedTerms
    unknownGenes
    otherTaxonGenes {
      id
      symbol
    }
    unannotatedGenes {
      id
      symbol
    }
    terms {
      term {
        id
        name
        category
      }
      studyCount
      backgroundCount
      foldEnrichment
      pValue
      fdr
      studyGenes {
        id
        symbol
      }
    }
  }
}
    `),An=new P(`
    query Home {
  currentRelease {
    number
    loadedAt
    sources {
      format
    }
  }
}
    `),Ln=new P(`
    query Species {
  species {
    ...SpeciesName
    geneCount
  }
}
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}`),Se=9606;let X=null;function $e(){const[e,n]=w([]);return I(()=>{X??(X=U(Ln,{}).then(o=>o.species,o=>{throw X=null,o}));let r=!0;return X.then(o=>r&&n(o),()=>r&&n([])),()=>{r=!1}},[]),e}function xe({species:e}){return t(k,{children:e.map(n=>t("option",{value:n.taxonId,children:[K(n),", ",n.geneCount.toLocaleString("en")," genes"]},n.taxonId))})}const j=[{value:"BIOLOGICAL_PROCESS",label:"biological_process"},{value:"MOLECULAR_FUNCTION",label:"molecular_function"},{value:"CELLULAR_COMPONENT",label:"cellular_component"}],ke=e=>j.find(n=>n.value===e)?.label??e;function K(e){return e.commonName?`${e.scientificName} (${e.commonName})`:e.scientificName}function En(e){const n=[...new Set(e.split(/[\s,;]+/).filter(Boolean))];return{ids:n.filter(r=>r.includes(":")),symbols:n.filter(r=>!r.includes(":"))}}async function Dn(e,n,r){const{ids:o,symbols:s}=En(e);if(o.length+s.length===0)throw new Error("Paste at least one gene.");const i=await U(In,{ids:o,symbols:s,taxon:n}),d=i.genes.filter(c=>!c.gene).map(c=>`${c.input} (${c.problem})`),a=[...new Set(i.genes.flatMap(c=>c.gene?[c.gene.id]:[]))];if(a.length===0)throw new Error(`No gene matched: ${d.join(", ")}`);return{result:(await U(Pn,{genes:a,taxon:n,category:r||null})).enrichment,unmatched:d}}const He=e=>e===0?"0":e.toPrecision(3);function Gn(){const[e,n]=w(""),r=$e(),[o,s]=w(Se);I(()=>{r.length&&!r.some(p=>p.taxonId===o)&&s(r[0].taxonId)},[r]);const[i,d]=w("BIOLOGICAL_PROCESS"),[a,h]=w(null),[c,u]=w(null),[y,l]=w(!1);return t("section",{children:[t("h1",{tabIndex:-1,children:"GO enrichment"}),t("p",{children:"Paste gene symbols, aliases or ids (NCBIGene:3558): the GO terms over-represented among them, against every annotated gene of the species."}),t("form",{class:"enrichment",onSubmit:async p=>{p.preventDefault(),l(!0),u(null);try{h(await Dn(e,o,i))}catch(f){h(null),u(f instanceof Error?f.message:String(f))}finally{l(!1)}},children:[t("div",{class:"field grow",children:[t("label",{for:"gene-list",children:"Genes, one per line or separated by commas"}),t("textarea",{id:"gene-list",rows:6,spellcheck:!1,value:e,onInput:p=>n(p.currentTarget.value)})]}),t("div",{class:"field",children:[t("label",{for:"enrichment-species",children:"Species"}),t("select",{id:"enrichment-species",value:o,onChange:p=>s(Number(p.currentTarget.value)),children:t(xe,{species:r})})]}),t("div",{class:"field",children:[t("label",{for:"enrichment-category",children:"Category"}),t("select",{id:"enrichment-category",value:i,onChange:p=>d(p.currentTarget.value),children:[t("option",{value:"",children:"All categories"}),j.map(p=>t("option",{value:p.value,children:p.label}))]})]}),t("button",{type:"submit",disabled:y,children:y?"Running…":"Run enrichment"})]}),c&&t("p",{role:"alert",class:"error",children:c}),a&&t(On,{outcome:a})]})}function On({outcome:{result:e,unmatched:n}}){const r=[...n,...e.unknownGenes,...e.otherTaxonGenes.map(o=>`${o.symbol} (another species)`),...e.unannotatedGenes.map(o=>`${o.symbol} (not in the background)`)];return t("section",{"aria-labelledby":"enrichment-result",class:"enrichment-result",children:[t("h2",{id:"enrichment-result",children:[e.terms.length," terms with study genes, of ",e.testedTerms," tested"]}),t("p",{role:"status",children:[e.studySize," study genes counted against a background of ",e.backgroundSize,"."]}),r.length>0&&t("p",{class:"notice",children:["Not counted: ",r.join(", "),"."]}),e.terms.length>0&&t(xn,{terms:e.terms}),t("div",{class:"scroll",children:t("table",{class:"enriched",children:[t("thead",{children:t("tr",{children:[t("th",{scope:"col",children:"Term"}),t("th",{scope:"col",children:"Category"}),t("th",{scope:"col",children:"Study"}),t("th",{scope:"col",children:"Background"}),t("th",{scope:"col",children:"Fold"}),t("th",{scope:"col",children:"p-value"}),t("th",{scope:"col",children:"FDR"}),t("th",{scope:"col",children:"Genes"})]})}),t("tbody",{children:e.terms.map(o=>t("tr",{children:[t("td",{children:[t("a",{href:z(o.term.id),"data-app":!0,children:o.term.id})," ",o.term.name]}),t("td",{children:ke(o.term.category)}),t("td",{class:"number",children:o.studyCount}),t("td",{class:"number",children:o.backgroundCount}),t("td",{class:"number",children:o.foldEnrichment.toFixed(2)}),t("td",{class:"number",children:He(o.pValue)}),t("td",{class:"number",children:He(o.fdr)}),t("td",{children:o.studyGenes.map((s,i)=>t(k,{children:[i>0&&", ",t("a",{href:R(s.id),"data-app":!0,children:s.symbol})]}))})]},o.term.id))})]})})]})}function on({loaded:e,children:n}){return e.state==="loading"?t("p",{role:"status",children:"Loading…"}):e.state==="error"?t("p",{role:"alert",class:"error",children:e.message}):t(k,{children:n(e.data)})}function Ne(e,n){const[r,o]=w({state:"loading"}),s=JSON.stringify(n);return I(()=>{const i=new AbortController;return o({state:"loading"}),U(e,n,i.signal).then(d=>o({state:"done",data:d}),d=>{i.signal.aborted||o({state:"error",message:String(d)})}),()=>i.abort()},[e,s]),r}const Mn=(e,n)=>e.includes(":")?{id:e}:{symbol:e,taxon:n??Se};function Rn({id:e,taxon:n}){const r=Ne(Nn,Mn(e,n));return t(on,{loaded:r,children:o=>o.gene?t(Un,{gene:o.gene},o.gene.id):t("section",{children:[t("h1",{tabIndex:-1,children:["No gene ",e]}),t("p",{children:[e.includes(":")?"No gene has this id.":`No gene has this symbol in taxon ${n??Se}.`," ",t("a",{href:"/","data-app":!0,children:"Search"})," for it by symbol, alias or name."]})]})})}function Un({gene:e}){return t("article",{class:"gene",children:[t("h1",{tabIndex:-1,children:[e.symbol," ",t("span",{class:"subtitle",children:e.name})]}),t("dl",{class:"facts",children:[t("dt",{children:"Species"}),t("dd",{children:K(e.species)}),t("dt",{children:"Gene id"}),t("dd",{children:e.id}),e.type&&t(k,{children:[t("dt",{children:"Type"}),t("dd",{children:e.type})]}),e.mapLocation&&t(k,{children:[t("dt",{children:"Location"}),t("dd",{children:e.mapLocation})]}),e.aliases.length>0&&t(k,{children:[t("dt",{children:"Also known as"}),t("dd",{children:e.aliases.join("; ")})]})]}),e.summary&&t("section",{"aria-labelledby":"summary",children:[t("h2",{id:"summary",children:"Summary"}),t("p",{children:e.summary}),e.summaryProvenance&&t("p",{class:"provenance",children:e.summaryProvenance})]}),t(qn,{gene:e}),t(Hn,{annotations:e.annotations}),t(Bn,{gene:e}),t(Fn,{gene:e})]})}function qn({gene:e}){return t("section",{"aria-labelledby":"orthologs",children:[t("h2",{id:"orthologs",children:"Orthologs"}),e.orthologs.length===0?t("p",{children:"None known."}):t("ul",{class:"orthologs",children:e.orthologs.map(n=>t("li",{children:[t("a",{href:R(n.gene.id),"data-app":!0,children:n.gene.symbol})," ",K(n.gene.species)," ",t("small",{children:["(",n.sources.join(", "),")"]})]},n.gene.id))})]})}function Hn({annotations:e}){const[n,r]=w(""),[o,s]=w(""),i=[...new Set(e.map(h=>h.evidence??"none"))].sort(),d=new Map(j.map(h=>[h.value,new Set]));for(const h of e)d.get(h.term.category)?.add(h.term.id);const a=e.filter(h=>(!n||h.term.category===n)&&(!o||(h.evidence??"none")===o));return t("section",{"aria-labelledby":"go-terms",children:[t("h2",{id:"go-terms",children:"Gene Ontology"}),t("p",{class:"counts","aria-label":"Terms per category",children:j.map(h=>t("span",{"data-category":h.value,children:[h.label,": ",t("strong",{children:d.get(h.value)?.size??0})]},h.value))}),t("div",{class:"filters",children:[t("div",{class:"field",children:[t("label",{for:"go-category",children:"Category"}),t("select",{id:"go-category",value:n,onChange:h=>r(h.currentTarget.value),children:[t("option",{value:"",children:"All categories"}),j.map(h=>t("option",{value:h.value,children:h.label}))]})]}),t("div",{class:"field",children:[t("label",{for:"go-evidence",children:"Evidence"}),t("select",{id:"go-evidence",value:o,onChange:h=>s(h.currentTarget.value),children:[t("option",{value:"",children:"All evidence"}),i.map(h=>t("option",{value:h,children:h}))]})]})]}),t("div",{class:"scroll",children:t("table",{class:"go",children:[t("caption",{children:[a.length," of ",e.length," annotations"]}),t("thead",{children:t("tr",{children:[t("th",{scope:"col",children:"ID"}),t("th",{scope:"col",children:"Term"}),t("th",{scope:"col",children:"Category"}),t("th",{scope:"col",children:"Evidence"}),t("th",{scope:"col",children:"Source"})]})}),t("tbody",{children:a.map((h,c)=>t("tr",{children:[t("td",{children:t("a",{href:z(h.term.id),"data-app":!0,children:h.term.id})}),t("td",{children:[h.qualifier&&t("small",{class:"tag",children:h.qualifier})," ",h.term.name]}),t("td",{children:ke(h.term.category)}),t("td",{children:h.evidence??"—"}),t("td",{children:h.source})]},`${h.term.id}-${h.evidence}-${h.source}-${c}`))})]})})]})}function Bn({gene:e}){return e.xrefs.length===0?null:t("section",{"aria-labelledby":"links",children:[t("h2",{id:"links",children:"Links to other resources"}),t("ul",{class:"links",children:e.xrefs.map(n=>t("li",{children:n.url?t("a",{href:n.url,rel:"noopener noreferrer",children:[n.database,": ",n.id]}):`${n.database}: ${n.id}`},`${n.database}:${n.id}`))})]})}function Fn({gene:e}){const{discontinuedGenes:n,annotationChanges:r}=e.history,o=e.changes.length+n.length+r.length===0;return t("section",{"aria-labelledby":"changes",children:[t("h2",{id:"changes",children:"Changes associated with this gene"}),o&&t("p",{children:"None recorded."}),t("ul",{class:"changes",children:[e.changes.map((s,i)=>t("li",{children:[s.description," ",t("small",{children:["(",s.source,")"]})]},`page-${i}`)),n.map(s=>t("li",{children:[s.id," (",s.symbol,") was discontinued on ",s.discontinuedOn," and merged into this gene"]},s.id)),r.map(s=>t("li",{children:["Release ",s.release.number," (",s.release.loadedAt.slice(0,10),"): added"," ",s.added.length,", removed ",s.removed.length," annotations",s.removed.length>0&&t(k,{children:[" (removed: ",s.removed.map(i=>`${i.termId} ${i.evidence??""}`).join(", "),")"]})]},`release-${s.release.number}`))]})]})}const jn=new Set(["gene-info","gene2go","gaf"]);function Wn(){const e=Ne(An,{});if(e.state!=="done")return null;const n=e.data.currentRelease;if(!n)return t("p",{class:"release-note",children:"No data loaded yet."});const r=!n.sources.some(o=>jn.has(o.format));return t("aside",{class:"release-note","aria-label":"Data served",children:[t("p",{children:["Serving release ",n.number,", loaded ",n.loadedAt.slice(0,10),"."]}),r&&t("p",{children:["This database holds only the IL2 seed page. For real data (the Gene Ontology and NCBI Gene), run ",t("code",{children:"genegraph update --species human,mouse,rat"})," on the server."]})]})}const zn={SYMBOL:"symbol",SYMBOL_PREFIX:"symbol",ALIAS:"alias",NAME:"name",SUMMARY:"summary"};function Be(e,n,r){const[o,s]=w(null),[i,d]=w(null);return I(()=>{const a=e.trim();if(!a){s(null);return}const h=new AbortController,c=setTimeout(()=>{U(kn,{query:a,taxon:n,first:r},h.signal).then(u=>{d(null),s({query:a,nodes:u.search.nodes,total:u.search.totalCount})},u=>{h.signal.aborted||d(String(u))})},120);return()=>{clearTimeout(c),h.abort()}},[e,n,r]),{hits:o,error:i}}function Kn({query:e,taxon:n}){const[r,o]=w(e),[s,i]=w(n),[d,a]=w(!1),h=$e(),[c,u]=w(-1),y=fn(null),l=Be(r,s,10),_=Be(e,n,50);I(()=>y.current?.focus(),[]),I(()=>o(e),[e]);const p=d&&r.trim()?l.hits?.nodes??[]:[],f=m=>{a(!1);const g=new URLSearchParams({q:m});s&&g.set("taxon",String(s)),re(`/?${g}`)},b=m=>{m.key==="ArrowDown"&&p.length?(m.preventDefault(),a(!0),u((c+1)%p.length)):m.key==="ArrowUp"&&p.length?(m.preventDefault(),u((c-1+p.length)%p.length)):m.key==="Escape"?(a(!1),u(-1)):m.key==="Enter"&&c>=0&&p[c]&&(m.preventDefault(),re(R(p[c].gene.id)))};return t("section",{children:[t("h1",{tabIndex:-1,children:"Find a gene"}),t("form",{class:"search",role:"search",onSubmit:m=>{m.preventDefault(),f(r)},children:[t("div",{class:"field grow combo",children:[t("label",{for:"q",children:"Symbol, alias or name"}),t("input",{id:"q",ref:y,type:"search",autocomplete:"off",spellcheck:!1,placeholder:"IL2, TCGF, interleukin…",role:"combobox","aria-autocomplete":"list","aria-expanded":p.length>0,"aria-controls":"suggestions","aria-activedescendant":c>=0?`suggestion-${c}`:void 0,value:r,onInput:m=>{o(m.currentTarget.value),a(!0),u(-1)},onKeyDown:b,onBlur:()=>setTimeout(()=>a(!1),150)}),t("ul",{id:"suggestions",role:"listbox","aria-label":"Suggestions",hidden:!p.length,children:p.map((m,g)=>t("li",{id:`suggestion-${g}`,role:"option","aria-selected":g===c,onMouseDown:x=>{x.preventDefault(),re(R(m.gene.id))},children:[t("strong",{children:m.gene.symbol})," ",t("span",{children:m.gene.name})," ",t("small",{children:[m.gene.species.scientificName,m.matchedText?` · alias ${m.matchedText}`:""]})]},m.gene.id))})]}),t("div",{class:"field",children:[t("label",{for:"species",children:"Species"}),t("select",{id:"species",value:s??"",onChange:m=>i(Number(m.currentTarget.value)||null),children:[t("option",{value:"",children:"All species"}),t(xe,{species:h})]})]}),t("button",{type:"submit",children:"Search"})]}),l.error&&t("p",{role:"alert",class:"error",children:l.error}),!e&&t(Wn,{}),e&&t("section",{"aria-labelledby":"results-heading",children:[t("h2",{id:"results-heading",children:_.hits?`${_.hits.total} genes match “${_.hits.query}”`:"Searching…"}),t("ul",{class:"results",children:_.hits?.nodes.map(m=>t("li",{children:[t("a",{href:R(m.gene.id),"data-app":!0,children:t("strong",{children:m.gene.symbol})})," ",m.gene.name," ",t("small",{children:K(m.gene.species)})," ",t("small",{class:"tag",children:["by ",zn[m.matchedBy]]})]},m.gene.id))})]})]})}const Qn=new Set(["is_a","part_of"]),M=168,Y=44,B=16,J=40;function Vn(e,n){var d;const r=new Map(e.map(a=>[a.id,[]]));for(const a of n)r.get(a.child)?.push(a.parent);const o=new Map,s=(a,h)=>{const c=o.get(a);if(c!==void 0)return c;if(h.has(a))return 0;h.add(a);const u=r.get(a)??[],y=u.length?1+Math.max(...u.map(l=>s(l,h))):0;return o.set(a,y),y},i=[];for(const a of e)(i[d=s(a.id,new Set)]??(i[d]=[])).push(a.id);return i.filter(Boolean)}function Xn(e,n){return e.length>n?`${e.slice(0,n-1)}…`:e}function Yn({term:e,ancestors:n}){const r=[...n,e],o=new Set(r.map(l=>l.id)),s=r.flatMap(l=>l.parents.filter(_=>Qn.has(_.relation)&&o.has(_.term.id)).map(_=>({child:l.id,parent:_.term.id,relation:_.relation}))),i=Vn(r,s),a=Math.max(...i.map(l=>l.length))*(M+B)+B,h=i.length*(Y+J)+J/2,c=new Map;i.forEach((l,_)=>{const p=(a-l.length*(M+B)+B)/2;l.forEach((f,b)=>c.set(f,{x:p+b*(M+B),y:J/2+_*(Y+J)}))});const u=new Map(r.map(l=>[l.id,l])),y=`${e.name} has ${n.length} ancestors over is_a and part_of`;return t("figure",{class:"graph",children:[t("div",{class:"scroll",children:t("svg",{role:"img","aria-label":y,viewBox:`0 0 ${a} ${h}`,width:a,height:h,children:[t("defs",{children:t("marker",{id:"arrow",viewBox:"0 0 10 10",refX:"10",refY:"5",markerWidth:"7",markerHeight:"7",orient:"auto",children:t("path",{d:"M0,0 L10,5 L0,10 z",class:"arrow"})})}),s.map(l=>{const _=c.get(l.child),p=c.get(l.parent);return t("line",{class:`edge ${l.relation}`,"data-relation":l.relation,x1:_.x+M/2,y1:_.y,x2:p.x+M/2,y2:p.y+Y,"marker-end":"url(#arrow)"},`${l.child}-${l.relation}-${l.parent}`)}),[...c].map(([l,{x:_,y:p}])=>{const f=u.get(l),b=l===e.id,m=t("g",{class:b?"node self":"node",children:[t("rect",{x:_,y:p,width:M,height:Y,rx:6}),t("text",{x:_+8,y:p+17,children:l}),t("text",{x:_+8,y:p+34,class:"name",children:Xn(f.name,24)}),t("title",{children:`${l} ${f.name}`})]});return b?t("g",{children:m},l):t("a",{href:z(l),"data-app":!0,"aria-label":`${l} ${f.name}`,children:m},l)})]})}),t("figcaption",{children:[t("span",{class:"key is_a",children:"is_a"})," ",t("span",{class:"key part_of",children:"part_of"})," Arrows point from a term to its parent."]})]})}const Jn=25;function Zn({id:e}){const n=Ne(Tn,{id:e.trim().toUpperCase()});return t(on,{loaded:n,children:r=>r.goTerm?t(et,{term:r.goTerm}):t("section",{children:[t("h1",{tabIndex:-1,children:["No term ",e]}),t("p",{children:"The ontology has no term with this id."})]})})}function Fe({id:e}){return t("a",{href:z(e),"data-app":!0,children:e})}function et({term:e}){return t("article",{class:"term",children:[t("h1",{tabIndex:-1,children:[e.name," ",t("span",{class:"subtitle",children:e.id})]}),e.isObsolete&&t("p",{class:"notice",role:"note",children:["This term is obsolete.",e.replacedBy&&t(k,{children:[" ","Use ",t(Fe,{id:e.replacedBy})," instead."]}),e.consider.length>0&&t(k,{children:[" ","Consider"," ",e.consider.map((n,r)=>t(k,{children:[r>0&&", ",t(Fe,{id:n})]})),"."]})]}),t("dl",{class:"facts",children:[t("dt",{children:"Category"}),t("dd",{children:ke(e.category)}),t("dt",{children:"Definition"}),t("dd",{children:e.definition??"None given."}),e.synonyms.length>0&&t(k,{children:[t("dt",{children:"Synonyms"}),t("dd",{children:t("ul",{class:"plain",children:e.synonyms.map(n=>t("li",{children:[n.text," ",t("small",{class:"tag",children:n.scope})]},n.text))})})]}),e.altIds.length>0&&t(k,{children:[t("dt",{children:"Secondary ids"}),t("dd",{children:e.altIds.join(", ")})]}),t("dt",{children:"Elsewhere"}),t("dd",{children:[t("a",{href:e.quickGoUrl,rel:"noopener noreferrer",children:"QuickGO"})," ","·"," ",t("a",{href:e.amigoUrl,rel:"noopener noreferrer",children:"AmiGO"})]})]}),t("section",{"aria-labelledby":"ancestors",children:[t("h2",{id:"ancestors",children:"Ancestors"}),e.ancestors.length===0?t("p",{children:"None: the ontology has no term above this one."}):t(Yn,{term:e,ancestors:e.ancestors})]}),t(nt,{id:e.id})]})}function nt({id:e}){const[n,r]=w(null),[o,s]=w([]),[i,d]=w(null),[a,h]=w(null),[c,u]=w(null),[y,l]=w(!1),_=$e(),p=async(f,b,m)=>{l(!0);try{const x=(await U(Cn,{id:e,taxon:n,first:Jn,after:f},m)).goTerm?.genes;if(!x)return;s(L=>b?x.nodes:[...L,...x.nodes]),d(x.totalCount),h(x.pageInfo.hasNextPage?x.pageInfo.endCursor??null:null),u(null)}catch(g){m?.aborted||u(String(g))}finally{l(!1)}};return I(()=>{const f=new AbortController;return p(null,!0,f.signal),()=>f.abort()},[e,n]),t("section",{"aria-labelledby":"genes",children:[t("h2",{id:"genes",children:"Genes annotated to this term or below it"}),t("div",{class:"filters",children:t("div",{class:"field",children:[t("label",{for:"term-species",children:"Species"}),t("select",{id:"term-species",value:n??"",onChange:f=>r(Number(f.currentTarget.value)||null),children:[t("option",{value:"",children:"All species"}),t(xe,{species:_})]})]})}),c&&t("p",{role:"alert",class:"error",children:c}),t("p",{role:"status",children:i===null?"Loading…":`Showing ${o.length} of ${i} genes`}),t("ul",{class:"results",children:o.map(f=>t("li",{children:[t("a",{href:R(f.id),"data-app":!0,children:t("strong",{children:f.symbol})})," ",f.name," ",t("small",{children:K(f.species)})]},f.id))}),a&&t("button",{type:"button",disabled:y,onClick:()=>{p(a,!1)},children:"More genes"})]})}function tt({route:e}){switch(e.page){case"search":return t(Kn,{query:e.query,taxon:e.taxon});case"gene":return t(Rn,{id:e.id,taxon:e.taxon});case"term":return t(Zn,{id:e.id});case"enrichment":return t(Gn,{});case"missing":return t("section",{children:[t("h1",{children:"Not found"}),t("p",{children:["There is no page at ",e.path,"."]})]})}}function rt(){const e=bn();return I(()=>{const n=document.querySelector("main h1");n&&e.page!=="search"&&n.focus({preventScroll:!0})},[e]),t(k,{children:[t("a",{class:"skip",href:"#main",children:"Skip to content"}),t("header",{class:"bar",children:[t("a",{class:"brand",href:"/","data-app":!0,children:"genegraph"}),t("nav",{"aria-label":"Main",children:[t("a",{href:"/","data-app":!0,"aria-current":e.page==="search"?"page":void 0,children:"Search"}),t("a",{href:"/enrichment","data-app":!0,"aria-current":e.page==="enrichment"?"page":void 0,children:"Enrichment"}),t("a",{href:"/graphql",children:"GraphiQL"})]})]}),t("main",{id:"main",children:t(tt,{route:e})})]})}wn();un(t(rt,{}),document.getElementById("app"));
